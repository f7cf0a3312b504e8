namespace AzureGateway.IR;

public enum SessionAffinityType
{
    /// <summary>The gateway issues its own cookie naming the endpoint that served the first request.</summary>
    ManagedCookie,

    /// <summary>The application's own cookie (<c>CookieName</c>) keeps a client on one endpoint.</summary>
    ApplicationCookie,
}

/// <summary>Keeps a client on one backend endpoint (AGC RoutePolicy <c>sessionAffinity</c>).</summary>
public sealed record SessionAffinityIr
{
    public required SessionAffinityType Type { get; init; }
    public required string CookieName { get; init; }

    /// <summary>How long a managed cookie lives; null for a session cookie.</summary>
    public TimeSpan? CookieDuration { get; init; }
}
