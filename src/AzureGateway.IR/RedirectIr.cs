namespace AzureGateway.IR;

/// <summary>
/// An answer with a <c>Location</c> built from the request: each part that is null keeps the request's own.
/// </summary>
public sealed record RedirectIr
{
    /// <summary><c>http</c> or <c>https</c>; null keeps the request's scheme.</summary>
    public string? Scheme { get; init; }
    public string? Hostname { get; init; }

    /// <summary>
    /// The port for the Location; null derives it as the Gateway API says: the default port of
    /// <c>Scheme</c> when a scheme is set, else the port of the listener the request came on (as the Gateway
    /// declares it). A port that is the default of the Location's scheme (80 for http, 443 for https) is left out.
    /// </summary>
    public int? Port { get; init; }

    public PathModifierIr? Path { get; init; }

    /// <summary>301, 302 (the default), 303, 307 or 308.</summary>
    public int StatusCode { get; init; } = 302;
}
