using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// RequestRedirect settings to IR. The port is passed on as written; when it is absent the data plane derives it
/// from the scheme or the listener, as the spec says (see <see cref="RedirectIr.Port"/>).
/// </summary>
public static class RedirectTranslator
{
    /// <remarks>Scheme, hostname, port and status code were checked with the CRD's rules when the route was read.</remarks>
    public static RedirectIr Translate(HttpRequestRedirectFilter redirect, string field, string? matchedPrefix, List<string> problems)
    {
        var statusCode = redirect.StatusCode ?? 302;
        return new RedirectIr
        {
            Scheme = redirect.Scheme,
            Hostname = redirect.Hostname,
            Port = redirect.Port,
            Path = redirect.Path is { } path ? PathModifierTranslator.Translate(path, $"{field}.path", matchedPrefix, problems) : null,
            StatusCode = statusCode,
        };
    }
}
