using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>URLRewrite settings to IR: the Host the backend sees and its path.</summary>
public static class UrlRewriteTranslator
{
    public static UrlRewriteIr Translate(HttpUrlRewriteFilter rewrite, string field, string? matchedPrefix, List<string> problems)
    {
        if (rewrite.Hostname is { } hostname && !HostnameSyntax.IsPrecise(hostname))
        {
            problems.Add($"{field}.hostname \"{hostname}\" is not a lower-case DNS name without wildcard");
        }
        return new UrlRewriteIr
        {
            Hostname = rewrite.Hostname,
            Path = rewrite.Path is { } path ? PathModifierTranslator.Translate(path, $"{field}.path", matchedPrefix, problems) : null,
        };
    }
}
