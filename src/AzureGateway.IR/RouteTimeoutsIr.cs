namespace AzureGateway.IR;

/// <summary>
/// Time limits of a route. Null means the data plane's documented default applies; a zero
/// <see cref="TimeSpan"/> means no limit (the Gateway API's "0s").
/// </summary>
public sealed record RouteTimeoutsIr
{
    /// <summary>From the request's arrival to the complete answer, retries included; exceeded: 504.</summary>
    public TimeSpan? Request { get; init; }

    /// <summary>One attempt at the backend, from sending the request to the answer's end; exceeded: 504.</summary>
    public TimeSpan? BackendRequest { get; init; }
}
