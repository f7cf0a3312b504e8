using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>URLRewrite settings to IR: the Host the backend sees and its path.</summary>
public static class UrlRewriteTranslator
{
    /// <remarks>The hostname was checked with the CRD's pattern when the route was read.</remarks>
    public static UrlRewriteIr Translate(HttpUrlRewriteFilter rewrite, string field, string? matchedPrefix, List<string> problems)
    {
        return new UrlRewriteIr
        {
            Hostname = rewrite.Hostname,
            Path = rewrite.Path is { } path ? PathModifierTranslator.Translate(path, $"{field}.path", matchedPrefix, problems) : null,
        };
    }
}
