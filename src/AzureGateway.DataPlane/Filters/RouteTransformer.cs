using AzureGateway.DataPlane.Backends;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Filters;

/// <summary>
/// What a route and the backendRef it picked do to a request on its way to the backend and to the answer on its way
/// back, applied by YARP's forwarder: header modifiers, the URL rewrite, CORS headers on the answer, and holding back
/// an answer a retry will replace. Built once per route and backend; a route with none of these uses
/// <see cref="HttpTransformer.Empty"/>, which forwards the client's Host and adds nothing.
/// </summary>
internal sealed class RouteTransformer(
    HeaderEdits? requestHeaders,
    string? hostname,
    PathRewrite? path,
    HeaderEdits? responseHeaders,
    CorsPolicy? cors) : HttpTransformer
{
    public CorsPolicy? Cors { get; } = cors;

    public HeaderEdits? RequestHeaders { get; } = requestHeaders;
    public string? Hostname { get; } = hostname;
    public PathRewrite? Path { get; } = path;
    public HeaderEdits? ResponseHeaders { get; } = responseHeaders;

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        // The Gateway API applies header modifiers to the request as it came, and the rewrite after them.
        RequestHeaders?.Apply(proxyRequest);
        if (Hostname is not null)
        {
            proxyRequest.Headers.Host = Hostname;
        }
        if (Path is not null)
        {
            var rewritten = Path.Apply(httpContext.Request.Path.Value ?? "/");
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString(rewritten), httpContext.Request.QueryString);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null && httpContext.Features.Get<ForwardingAttempt>() is { } attempt && attempt.HoldsBack((int)proxyResponse.StatusCode))
        {
            // Nothing of this answer reaches the client: the next attempt's answer takes its place.
            return false;
        }
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is not null)
        {
            ResponseHeaders?.Apply(httpContext.Response.Headers);
            Cors?.ApplyToAnswer(httpContext);
        }
        return copyBody;
    }
}
