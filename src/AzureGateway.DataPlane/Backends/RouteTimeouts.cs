using AzureGateway.IR;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The time limits of a route as the data plane applies them; <see cref="TimeSpan.Zero"/> is no limit.
/// </summary>
/// <param name="Request">From the request's arrival to the end of the answer, every try included.</param>
/// <param name="BackendRequest">One try at the backend, from sending the request to the end of the answer.</param>
internal readonly record struct RouteTimeouts(TimeSpan Request, TimeSpan BackendRequest)
{
    public bool Any => Request > TimeSpan.Zero || BackendRequest > TimeSpan.Zero;

    /// <summary>
    /// The route's own limits. A route that sets neither gets <paramref name="defaultBackendRequest"/> per try; a route
    /// that sets only the request limit is bound by it alone, so a request limit longer than the default is honoured.
    /// </summary>
    public static RouteTimeouts Of(RouteTimeoutsIr? ir, TimeSpan defaultBackendRequest) => ir switch
    {
        null or { Request: null, BackendRequest: null } => new(TimeSpan.Zero, defaultBackendRequest),
        _ => new(ir.Request ?? TimeSpan.Zero, ir.BackendRequest ?? TimeSpan.Zero),
    };
}
