using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>An ExtensionRef filter and its place in the filter list it came from.</summary>
public sealed record ExtensionFilter(int FilterIndex, LocalObjectReference Ref);

/// <summary>
/// The filters of a rule or of one backendRef, checked and in IR form, except for what needs a Gateway: mirrors
/// still name their backendRef, and ExtensionRefs are kept so that route translation can fail what they cover.
/// </summary>
public sealed record FilterSet
{
    public static readonly FilterSet None = new();

    public HeaderModifierIr? RequestHeaders { get; init; }
    public HeaderModifierIr? ResponseHeaders { get; init; }
    public UrlRewriteIr? UrlRewrite { get; init; }
    public RedirectIr? Redirect { get; init; }
    public CorsIr? Cors { get; init; }
    public IReadOnlyList<PendingMirror> Mirrors { get; init; } = [];
    public IReadOnlyList<ExtensionFilter> Extensions { get; init; } = [];

    /// <summary>What the data plane applies on the way to a backend, with the mirrors as resolved; null when nothing.</summary>
    public HttpFiltersIr? ToIr(IReadOnlyList<MirrorIr> mirrors) =>
        RequestHeaders is null && ResponseHeaders is null && UrlRewrite is null && mirrors.Count == 0
            ? null
            : new HttpFiltersIr
            {
                RequestHeaders = RequestHeaders,
                ResponseHeaders = ResponseHeaders,
                UrlRewrite = UrlRewrite,
                Mirrors = mirrors.ToList(),
            };
}
