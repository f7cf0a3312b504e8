using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// <c>rules[].timeouts</c> to IR: Gateway API durations, <c>0s</c> for no limit. As the schema says, a backend
/// request may not be given longer than the whole request (unless the request has no limit).
/// </summary>
public static class TimeoutsTranslator
{
    public static RouteTimeoutsIr? Translate(HttpRouteTimeouts? timeouts, List<string> problems)
    {
        if (timeouts is null)
        {
            return null;
        }
        var request = GatewayDuration.Parse(timeouts.Request, "timeouts.request", problems);
        var backendRequest = GatewayDuration.Parse(timeouts.BackendRequest, "timeouts.backendRequest", problems);
        if (request is { } whole && whole != TimeSpan.Zero && backendRequest > whole)
        {
            problems.Add($"timeouts.backendRequest {timeouts.BackendRequest} is longer than timeouts.request {timeouts.Request}");
        }
        return request is null && backendRequest is null ? null : new RouteTimeoutsIr { Request = request, BackendRequest = backendRequest };
    }
}
