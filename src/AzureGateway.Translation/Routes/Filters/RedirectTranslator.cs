using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// RequestRedirect settings to IR. The port is passed on as written; when it is absent the data plane derives it
/// from the scheme or the listener, as the spec says (see <see cref="RedirectIr.Port"/>).
/// </summary>
public static class RedirectTranslator
{
    private static readonly int[] StatusCodes = [301, 302, 303, 307, 308];

    public static RedirectIr Translate(HttpRequestRedirectFilter redirect, string field, string? matchedPrefix, List<string> problems)
    {
        if (redirect.Scheme is { } scheme && scheme is not ("http" or "https"))
        {
            problems.Add($"{field}.scheme \"{scheme}\" is not one of http, https");
        }
        if (redirect.Hostname is { } hostname && !HostnameSyntax.IsPrecise(hostname))
        {
            problems.Add($"{field}.hostname \"{hostname}\" is not a lower-case DNS name without wildcard");
        }
        if (redirect.Port is { } port && port is < 1 or > 65535)
        {
            problems.Add($"{field}.port {port} is not between 1 and 65535");
        }
        var statusCode = redirect.StatusCode ?? 302;
        if (!StatusCodes.Contains(statusCode))
        {
            problems.Add($"{field}.statusCode {statusCode} is not one of {string.Join(", ", StatusCodes)}");
        }
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
