namespace AzureGateway.IR;

/// <summary>
/// The two kinds AGC's RoutePolicy offers. Both are a cookie the gateway issues naming the endpoint that served the
/// first request; they differ only in who chose the cookie's name and lifetime, which the translator has resolved.
/// </summary>
public enum SessionAffinityType
{
    /// <summary>AGC's own cookie name and lifetime (<c>AGCAffinity</c>, one day).</summary>
    ManagedCookie,

    /// <summary>The name and lifetime the policy gives, so the application can read or clear the cookie.</summary>
    ApplicationCookie,
}

/// <summary>Keeps a client on one backend endpoint (AGC RoutePolicy <c>sessionAffinity</c>).</summary>
public sealed record SessionAffinityIr
{
    public required SessionAffinityType Type { get; init; }
    public required string CookieName { get; init; }

    /// <summary>How long the cookie lives; null for a session cookie.</summary>
    public TimeSpan? CookieDuration { get; init; }
}
