using System.Globalization;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// A compiled <see cref="SessionAffinityIr"/> (AGC RoutePolicy <c>sessionAffinity</c>): the gateway issues a cookie
/// naming, opaquely, the endpoint that served the first request, and sends later requests carrying it to that endpoint
/// while it is one of the cluster's. AGC treats both affinity types this way, the application-cookie type with the
/// cookie name and lifetime the policy gives and the managed type with its own (which the translation puts in the IR).
/// </summary>
internal sealed class SessionAffinity(SessionAffinityIr ir)
{
    private readonly string _maxAge = ir.CookieDuration is { } duration
        ? $"; Max-Age={((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)}"
        : "";

    public SessionAffinityIr Ir { get; } = ir;

    /// <summary>The endpoint the request's cookie names when the cluster still has it, else null.</summary>
    public string? StickyDestination(HttpRequest request, BackendCluster cluster) =>
        request.Cookies.TryGetValue(Ir.CookieName, out var token) && !string.IsNullOrEmpty(token) ? cluster.DestinationFor(token) : null;

    /// <summary>Tells the client, with the answer, to come back to <paramref name="destination"/>.</summary>
    public void Issue(HttpContext context, BackendCluster cluster, string destination)
    {
        var secure = context.Request.IsHttps ? "; Secure" : "";
        context.Response.Headers.Append(HeaderNames.SetCookie,
            $"{Ir.CookieName}={cluster.AffinityToken(destination)}; Path=/; HttpOnly{secure}{_maxAge}");
    }
}
