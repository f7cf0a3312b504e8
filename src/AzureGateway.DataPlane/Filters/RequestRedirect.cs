using System.Globalization;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AzureGateway.DataPlane.Filters;

/// <summary>A compiled <see cref="RedirectIr"/>: answers with a <c>Location</c> built from the request; no backend is contacted.</summary>
internal sealed class RequestRedirect(RedirectIr ir)
{
    private readonly PathRewrite? _path = PathRewrite.Of(ir.Path);

    public RedirectIr Ir { get; } = ir;

    /// <summary>
    /// The Location for <paramref name="request"/>, which came on the Gateway's <paramref name="listenerPort"/> (as the
    /// Gateway declares it, not as the data plane bound it). The port follows the Gateway API's HTTPRequestRedirectFilter:
    /// a set port; else the well-known port of a set scheme; else the listener's port; and it is left out when it is
    /// the well-known port of the Location's scheme.
    /// </summary>
    public string Location(HttpRequest request, int listenerPort)
    {
        var scheme = Ir.Scheme ?? request.Scheme;
        var port = Ir.Port ?? (Ir.Scheme is not null ? WellKnownPort(Ir.Scheme) ?? listenerPort : listenerPort);
        var host = Ir.Hostname ?? request.Host.Host;
        var path = _path?.Apply(request.Path.Value ?? "/") ?? request.Path.Value ?? "/";
        var authority = port == WellKnownPort(scheme) ? host : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        // The path is a decoded PathString; escaping it again keeps characters such as '?' and ' ' from changing its meaning.
        return $"{scheme}://{authority}{new PathString(path).ToUriComponent()}{request.QueryString.ToUriComponent()}";
    }

    public Task RespondAsync(HttpContext context, int listenerPort)
    {
        context.Response.StatusCode = Ir.StatusCode;
        context.Response.Headers[HeaderNames.Location] = Location(context.Request, listenerPort);
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static int? WellKnownPort(string scheme) => scheme.ToLowerInvariant() switch
    {
        "http" => 80,
        "https" => 443,
        _ => null,
    };
}
