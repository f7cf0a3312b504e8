using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// A list of filters (a rule's or a backendRef's) to a <see cref="FilterSet"/>, checked as the API server's schema
/// would: the field a filter's type names is set and no other; at most one filter of each type except RequestMirror
/// and ExtensionRef; RequestRedirect and URLRewrite not together. On a backendRef, RequestRedirect and CORS are not
/// supported (the spec makes them Extended there). Every problem is added to <c>problems</c> naming its field.
/// </summary>
public static class FilterListTranslator
{
    private static readonly string[] Single = ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect", "URLRewrite", "CORS"];

    /// <param name="field">Where the list is, e.g. <c>filters</c> or <c>backendRefs[1].filters</c>.</param>
    /// <param name="matchedPrefix">The rule's single PathPrefix match value, or null when the rule has another shape.</param>
    public static FilterSet Translate(IReadOnlyList<HttpRouteFilter>? filters, string field, string? matchedPrefix, bool onBackendRef, List<string> problems)
    {
        var list = filters ?? [];
        foreach (var type in Single)
        {
            if (list.Count(f => f.Type == type) is > 1 and var count)
            {
                problems.Add($"{field} has {count} {type} filters (at most one is allowed)");
            }
        }
        if (list.Any(f => f.Type == "RequestRedirect") && list.Any(f => f.Type == "URLRewrite"))
        {
            problems.Add($"{field} has both RequestRedirect and URLRewrite, which cannot be combined");
        }

        var set = FilterSet.None;
        var mirrors = new List<PendingMirror>();
        var extensions = new List<ExtensionFilter>();
        for (var i = 0; i < list.Count; i++)
        {
            var filter = list[i];
            var at = $"{field}[{i}]";
            if (!SettingsMatchType(filter, at, problems))
            {
                continue;
            }
            if (onBackendRef && filter.Type is "RequestRedirect" or "CORS")
            {
                problems.Add($"{at} is a {filter.Type} filter, which the gateway supports in a rule's filters only, not on a backendRef");
                continue;
            }
            switch (filter.Type)
            {
                case "RequestHeaderModifier":
                    set = set with { RequestHeaders = HeaderModifierTranslator.Translate(filter.RequestHeaderModifier!, $"{at}.requestHeaderModifier", problems) };
                    break;
                case "ResponseHeaderModifier":
                    set = set with { ResponseHeaders = HeaderModifierTranslator.Translate(filter.ResponseHeaderModifier!, $"{at}.responseHeaderModifier", problems) };
                    break;
                case "RequestRedirect":
                    set = set with { Redirect = RedirectTranslator.Translate(filter.RequestRedirect!, $"{at}.requestRedirect", matchedPrefix, problems) };
                    break;
                case "URLRewrite":
                    set = set with { UrlRewrite = UrlRewriteTranslator.Translate(filter.UrlRewrite!, $"{at}.urlRewrite", matchedPrefix, problems) };
                    break;
                case "CORS":
                    set = set with { Cors = CorsTranslator.Translate(filter.Cors!) };
                    break;
                case "RequestMirror":
                    if (MirrorTranslator.Translate(i, filter.RequestMirror!, $"{at}.requestMirror", problems) is { } mirror)
                    {
                        mirrors.Add(mirror);
                    }
                    break;
                case "ExtensionRef":
                    if (string.IsNullOrEmpty(filter.ExtensionRef!.Kind) || string.IsNullOrEmpty(filter.ExtensionRef.Name))
                    {
                        problems.Add($"{at}.extensionRef must name a kind and a name");
                    }
                    else
                    {
                        extensions.Add(new ExtensionFilter(i, filter.ExtensionRef));
                    }
                    break;
            }
        }
        return set with { Mirrors = mirrors, Extensions = extensions };
    }

    /// <summary>
    /// The schema's union rule: a known type with exactly its own settings field set. An unknown type is a problem
    /// of its own (the spec: <c>Accepted=False/UnsupportedValue</c>).
    /// </summary>
    private static bool SettingsMatchType(HttpRouteFilter filter, string at, List<string> problems)
    {
        (string Type, string Field, object? Value)[] settings =
        [
            ("RequestHeaderModifier", "requestHeaderModifier", filter.RequestHeaderModifier),
            ("ResponseHeaderModifier", "responseHeaderModifier", filter.ResponseHeaderModifier),
            ("RequestRedirect", "requestRedirect", filter.RequestRedirect),
            ("URLRewrite", "urlRewrite", filter.UrlRewrite),
            ("RequestMirror", "requestMirror", filter.RequestMirror),
            ("CORS", "cors", filter.Cors),
            ("ExtensionRef", "extensionRef", filter.ExtensionRef),
        ];
        if (settings.FirstOrDefault(s => s.Type == filter.Type) is not { Field: not null } own)
        {
            problems.Add($"{at}.type \"{filter.Type}\" is not a filter type the gateway supports");
            return false;
        }
        var ok = true;
        if (own.Value is null)
        {
            problems.Add($"{at}.{own.Field} must be set for a {filter.Type} filter");
            ok = false;
        }
        foreach (var other in settings.Where(s => s.Type != filter.Type && s.Value is not null))
        {
            problems.Add($"{at}.{other.Field} is set but the filter's type is {filter.Type}");
            ok = false;
        }
        return ok;
    }
}
