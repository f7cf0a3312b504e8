namespace AzureGateway.IR;

/// <summary>
/// The Gateway API's HTTPCORSFilter. An origin is allowed when it equals an entry of <c>AllowOrigins</c>, matches a
/// wildcard entry (<c>https://*.example.com</c>), or the list holds <c>*</c>.
/// </summary>
public sealed record CorsIr
{
    public EquatableArray<string> AllowOrigins { get; init; } = EquatableArray<string>.Empty;
    public bool AllowCredentials { get; init; }
    public EquatableArray<string> AllowMethods { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> AllowHeaders { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> ExposeHeaders { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Seconds a preflight answer may be cached (<c>Access-Control-Max-Age</c>).</summary>
    public int MaxAgeSeconds { get; init; } = 5;
}
