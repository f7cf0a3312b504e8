namespace AzureGateway.IR;

/// <summary>What the backend sees instead of the request's Host and path; null parts are left as they came.</summary>
public sealed record UrlRewriteIr
{
    public string? Hostname { get; init; }
    public PathModifierIr? Path { get; init; }
}
