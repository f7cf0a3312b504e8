using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.Validation;

/// <summary>
/// The Gateway API v1.6.1 standard-channel CRDs' rules for the fields the gateway reads: <c>maxItems</c>,
/// <c>maxProperties</c>, <c>maxLength</c>, the patterns of hostnames, names, groups, kinds, header names and
/// durations, enums, port and weight ranges, and the CEL rules that bound an HTTPRoute's matches and keep a path
/// match a plain absolute path. Every number and pattern is the CRD's.
/// </summary>
internal static partial class GatewayApiRules
{
    // Lengths the CRDs repeat for every reference and name.
    private const int Name = 253;
    private const int Namespace = 63;
    private const int Group = 253;
    private const int Kind = 63;
    private const int Hostname = 253;
    private const int HeaderName = 256;
    private const int HeaderValue = 4096;
    private const int Path = 1024;
    private const int Duration = int.MaxValue; // the CRD gives no maxLength: its pattern bounds a duration

    private static readonly string[] PathMatchTypes = ["Exact", "PathPrefix", "RegularExpression"];
    private static readonly string[] StringMatchTypes = ["Exact", "RegularExpression"];
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
    private static readonly string[] CorsMethods = [.. Methods, "*"];
    // With ExternalAuth, which only the experimental channel's CRD allows: a cluster with those CRDs holds such a
    // route, and the spec wants the rule reported as unsupported (as the translator does), not the route refused.
    private static readonly string[] FilterTypes =
        ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror", "RequestRedirect", "URLRewrite", "ExtensionRef", "CORS", "ExternalAuth"];
    private static readonly string[] PathModifierTypes = ["ReplaceFullPath", "ReplacePrefixMatch"];
    private static readonly string[] Schemes = ["http", "https"];
    private static readonly int[] RedirectCodes = [301, 302, 303, 307, 308];
    private static readonly string[] TlsModes = ["Terminate", "Passthrough"];
    private static readonly string[] RouteNamespacesFrom = ["All", "Selector", "Same"];
    private static readonly string[] FrontendValidationModes = ["AllowValidOnly", "AllowInsecureFallback"];
    private static readonly string[] SubjectAltNameTypes = ["Hostname", "URI"];

    // What the CRD's CEL rules keep out of an Exact or PathPrefix path: segments that normalize away, encoded
    // slashes and fragments, which would let a match mean something other than what it reads as.
    private static readonly string[] PathNotContaining = ["//", "/./", "/../", "%2f", "%2F", "#"];
    private static readonly string[] PathNotEndingWith = ["/..", "/."];

    public static void HttpRoute(SchemaFindings check, HttpRouteSpec spec)
    {
        ParentsAndHostnames(check, spec.ParentRefs, spec.Hostnames);
        if (!check.Items("spec.rules", spec.Rules, 16))
        {
            return;
        }
        // The CRD's CEL rule on spec.rules: 16 rules of 64 matches would be 1024, and it allows 128 in all.
        check.Count("spec.rules[*].matches", spec.Rules?.Sum(r => r.Matches?.Count ?? 0) ?? 0, 128);
        foreach (var (rule, i) in Indexed(spec.Rules))
        {
            var at = $"spec.rules[{i}]";
            check.Matches($"{at}.name", rule.Name, Name, SchemaPatterns.DnsSubdomain);
            if (check.Items($"{at}.matches", rule.Matches, 64))
            {
                foreach (var (match, j) in Indexed(rule.Matches))
                {
                    Match(check, $"{at}.matches[{j}]", match);
                }
            }
            Filters(check, $"{at}.filters", rule.Filters);
            if (check.Items($"{at}.backendRefs", rule.BackendRefs, 16))
            {
                foreach (var (backend, j) in Indexed(rule.BackendRefs))
                {
                    var here = $"{at}.backendRefs[{j}]";
                    BackendReference(check, here, backend);
                    check.Range($"{here}.weight", backend.Weight, 0, 1_000_000);
                    Filters(check, $"{here}.filters", backend.Filters);
                }
            }
            check.Matches($"{at}.timeouts.request", rule.Timeouts?.Request, Duration, SchemaPatterns.Duration);
            check.Matches($"{at}.timeouts.backendRequest", rule.Timeouts?.BackendRequest, Duration, SchemaPatterns.Duration);
        }
    }

    private static void Match(SchemaFindings check, string at, HttpRouteMatch match)
    {
        check.OneOf($"{at}.path.type", match.Path?.Type, PathMatchTypes);
        if (check.Length($"{at}.path.value", match.Path?.Value, Path) && match.Path?.Type is null or "Exact" or "PathPrefix")
        {
            PlainPath(check, $"{at}.path.value", match.Path?.Value);
        }
        HeaderMatches(check, $"{at}.headers", match.Headers);
        if (check.Items($"{at}.queryParams", match.QueryParams, 16))
        {
            foreach (var (query, k) in Indexed(match.QueryParams))
            {
                check.Matches($"{at}.queryParams[{k}].name", query.Name, HeaderName, SchemaPatterns.HeaderName);
                check.OneOf($"{at}.queryParams[{k}].type", query.Type, StringMatchTypes);
                check.Length($"{at}.queryParams[{k}].value", query.Value, Path);
            }
        }
        check.OneOf($"{at}.method", match.Method, Methods);
    }

    /// <summary>What every route kind's spec starts with: the parents it attaches to and the hostnames it serves.</summary>
    private static void ParentsAndHostnames(SchemaFindings check, List<ParentReference>? parentRefs, List<string>? hostnames)
    {
        if (check.Items("spec.parentRefs", parentRefs, 32))
        {
            foreach (var (parent, i) in Indexed(parentRefs))
            {
                var at = $"spec.parentRefs[{i}]";
                Reference(check, at, parent.Group, parent.Kind, parent.Name, parent.Namespace);
                check.Matches($"{at}.sectionName", parent.SectionName, Name, SchemaPatterns.DnsSubdomain);
                check.Range($"{at}.port", parent.Port, 1, 65535);
            }
        }
        if (check.Items("spec.hostnames", hostnames, 16))
        {
            foreach (var (hostname, i) in Indexed(hostnames))
            {
                check.Matches($"spec.hostnames[{i}]", hostname, Hostname, SchemaPatterns.Hostname);
            }
        }
    }

    private static void HeaderMatches(SchemaFindings check, string at, List<HttpHeaderMatch>? headers)
    {
        if (check.Items(at, headers, 16))
        {
            foreach (var (header, k) in Indexed(headers))
            {
                check.Matches($"{at}[{k}].name", header.Name, HeaderName, SchemaPatterns.HeaderName);
                check.OneOf($"{at}[{k}].type", header.Type, StringMatchTypes);
                check.Length($"{at}[{k}].value", header.Value, HeaderValue);
            }
        }
    }

    /// <summary>The CEL rules on an Exact or PathPrefix match (an absent value is the default "/").</summary>
    private static void PlainPath(SchemaFindings check, string field, string? value)
    {
        if (value is null)
        {
            return;
        }
        var problem = !value.StartsWith('/') ? "does not start with \"/\""
            : PathNotContaining.FirstOrDefault(value.Contains) is { } part ? $"contains \"{part}\""
            : PathNotEndingWith.FirstOrDefault(value.EndsWith) is { } end ? $"ends with \"{end}\""
            : !SchemaPatterns.PathValue.IsMatch(value) ? $"is not {SchemaPatterns.PathValue.Description}"
            : null;
        check.Rule(field, problem is null, () => $"is \"{value}\", which {problem} (the CRD's rule for an Exact or PathPrefix path)");
    }

    private static void Filters(SchemaFindings check, string at, List<HttpRouteFilter>? filters)
    {
        if (!check.Items(at, filters, 16))
        {
            return;
        }
        foreach (var (filter, i) in Indexed(filters))
        {
            var here = $"{at}[{i}]";
            check.OneOf($"{here}.type", filter.Type, FilterTypes);
            HeaderFilter(check, $"{here}.requestHeaderModifier", filter.RequestHeaderModifier);
            HeaderFilter(check, $"{here}.responseHeaderModifier", filter.ResponseHeaderModifier);
            if (filter.RequestRedirect is { } redirect)
            {
                check.OneOf($"{here}.requestRedirect.scheme", redirect.Scheme, Schemes);
                check.Matches($"{here}.requestRedirect.hostname", redirect.Hostname, Hostname, SchemaPatterns.DnsSubdomain);
                PathModifier(check, $"{here}.requestRedirect.path", redirect.Path);
                check.Range($"{here}.requestRedirect.port", redirect.Port, 1, 65535);
                check.OneOf($"{here}.requestRedirect.statusCode", redirect.StatusCode, RedirectCodes);
            }
            if (filter.UrlRewrite is { } rewrite)
            {
                check.Matches($"{here}.urlRewrite.hostname", rewrite.Hostname, Hostname, SchemaPatterns.DnsSubdomain);
                PathModifier(check, $"{here}.urlRewrite.path", rewrite.Path);
            }
            Mirror(check, $"{here}.requestMirror", filter.RequestMirror);
            if (filter.Cors is { } cors)
            {
                Cors(check, $"{here}.cors", cors);
            }
            ExtensionRef(check, $"{here}.extensionRef", filter.ExtensionRef);
        }
    }

    private static void Mirror(SchemaFindings check, string at, HttpRequestMirrorFilter? mirror)
    {
        if (mirror is null)
        {
            return;
        }
        if (mirror.BackendRef is { } backend)
        {
            BackendReference(check, $"{at}.backendRef", backend);
        }
        check.Range($"{at}.percent", mirror.Percent, 0, 100);
        check.Range($"{at}.fraction.numerator", mirror.Fraction?.Numerator, 0, int.MaxValue);
        check.Range($"{at}.fraction.denominator", mirror.Fraction?.Denominator, 1, int.MaxValue);
    }

    private static void ExtensionRef(SchemaFindings check, string at, LocalObjectReference? extension)
    {
        if (extension is not null)
        {
            Reference(check, at, extension.Group, extension.Kind, extension.Name, null);
        }
    }

    private static void HeaderFilter(SchemaFindings check, string at, HttpHeaderFilter? filter)
    {
        if (filter is null)
        {
            return;
        }
        foreach (var (list, field) in new[] { (filter.Set, "set"), (filter.Add, "add") })
        {
            if (check.Items($"{at}.{field}", list, 16))
            {
                foreach (var (header, i) in Indexed(list))
                {
                    check.Matches($"{at}.{field}[{i}].name", header.Name, HeaderName, SchemaPatterns.HeaderName);
                    check.Length($"{at}.{field}[{i}].value", header.Value, HeaderValue);
                }
            }
        }
        check.Items($"{at}.remove", filter.Remove, 16);
    }

    private static void Cors(SchemaFindings check, string at, HttpCorsFilter cors)
    {
        if (check.Items($"{at}.allowOrigins", cors.AllowOrigins, 64))
        {
            foreach (var (origin, i) in Indexed(cors.AllowOrigins))
            {
                check.Matches($"{at}.allowOrigins[{i}]", origin, 253, SchemaPatterns.Origin);
            }
        }
        if (check.Items($"{at}.allowMethods", cors.AllowMethods, 9))
        {
            foreach (var (method, i) in Indexed(cors.AllowMethods))
            {
                check.OneOf($"{at}.allowMethods[{i}]", method, CorsMethods);
            }
        }
        HeaderNames(check, $"{at}.allowHeaders", cors.AllowHeaders, 64);
        HeaderNames(check, $"{at}.exposeHeaders", cors.ExposeHeaders, 64);
        foreach (var (list, name) in new[] { (cors.AllowOrigins, "allowOrigins"), (cors.AllowMethods, "allowMethods"), (cors.AllowHeaders, "allowHeaders") })
        {
            check.Rule($"{at}.{name}", list is null || !list.Contains("*") || list.Count == 1,
                () => "lists \"*\" beside other values, which the CRD does not allow (\"*\" stands alone)");
        }
        check.Range($"{at}.maxAge", cors.MaxAge, 1, int.MaxValue);
    }

    private static void HeaderNames(SchemaFindings check, string at, List<string>? names, int limit)
    {
        if (check.Items(at, names, limit))
        {
            foreach (var (name, i) in Indexed(names))
            {
                check.Matches($"{at}[{i}]", name, HeaderName, SchemaPatterns.HeaderName);
            }
        }
    }

    private static void PathModifier(SchemaFindings check, string at, HttpPathModifier? path)
    {
        check.OneOf($"{at}.type", path?.Type, PathModifierTypes);
        check.Length($"{at}.replaceFullPath", path?.ReplaceFullPath, Path);
        check.Length($"{at}.replacePrefixMatch", path?.ReplacePrefixMatch, Path);
    }

    internal static void BackendReference(SchemaFindings check, string at, IBackendObjectReference backend)
    {
        Reference(check, at, backend.Group, backend.Kind, backend.Name, backend.Namespace);
        check.Range($"{at}.port", backend.Port, 1, 65535);
    }

    /// <summary>The group, kind, name and namespace every Gateway API reference type declares alike.</summary>
    internal static void Reference(SchemaFindings check, string at, string? group, string? kind, string? name, string? ns)
    {
        check.Matches($"{at}.group", group, Group, SchemaPatterns.Group);
        check.Matches($"{at}.kind", kind, Kind, SchemaPatterns.Kind);
        check.Length($"{at}.name", name, Name);
        check.Matches($"{at}.namespace", ns, Namespace, SchemaPatterns.Namespace);
    }

    public static void Gateway(SchemaFindings check, GatewaySpec spec)
    {
        check.Length("spec.gatewayClassName", spec.GatewayClassName, Name);
        if (check.Items("spec.listeners", spec.Listeners, 64))
        {
            foreach (var (listener, i) in Indexed(spec.Listeners))
            {
                var at = $"spec.listeners[{i}]";
                check.Matches($"{at}.name", listener.Name, Name, SchemaPatterns.DnsSubdomain);
                check.Matches($"{at}.hostname", listener.Hostname, Hostname, SchemaPatterns.Hostname);
                check.Range($"{at}.port", listener.Port, 1, 65535);
                check.Matches($"{at}.protocol", listener.Protocol, 255, SchemaPatterns.Protocol);
                check.OneOf($"{at}.allowedRoutes.namespaces.from", listener.AllowedRoutes?.Namespaces?.From, RouteNamespacesFrom);
                if (check.Items($"{at}.allowedRoutes.kinds", listener.AllowedRoutes?.Kinds, 8))
                {
                    foreach (var (kind, j) in Indexed(listener.AllowedRoutes?.Kinds))
                    {
                        Reference(check, $"{at}.allowedRoutes.kinds[{j}]", kind.Group, kind.Kind, null, null);
                    }
                }
                check.OneOf($"{at}.tls.mode", listener.Tls?.Mode, TlsModes);
                check.Properties($"{at}.tls.options", listener.Tls?.Options, 16);
                if (check.Items($"{at}.tls.certificateRefs", listener.Tls?.CertificateRefs, 64))
                {
                    foreach (var (certificate, j) in Indexed(listener.Tls?.CertificateRefs))
                    {
                        Reference(check, $"{at}.tls.certificateRefs[{j}]", certificate.Group, certificate.Kind, certificate.Name, certificate.Namespace);
                    }
                }
            }
        }
        if (check.Items("spec.addresses", spec.Addresses, 16))
        {
            foreach (var (address, i) in Indexed(spec.Addresses))
            {
                check.Length($"spec.addresses[{i}].value", address.Value, 253);
            }
        }
        check.Properties("spec.infrastructure.labels", spec.Infrastructure?.Labels, 8);
        check.Properties("spec.infrastructure.annotations", spec.Infrastructure?.Annotations, 16);
        if (spec.Tls?.Backend?.ClientCertificateRef is { } client)
        {
            Reference(check, "spec.tls.backend.clientCertificateRef", client.Group, client.Kind, client.Name, client.Namespace);
        }
        if (spec.Tls?.Frontend is { } frontend)
        {
            FrontendValidation(check, "spec.tls.frontend.default.validation", frontend.Default.Validation);
            if (check.Items("spec.tls.frontend.perPort", frontend.PerPort, 64))
            {
                foreach (var (port, i) in Indexed(frontend.PerPort))
                {
                    check.Range($"spec.tls.frontend.perPort[{i}].port", port.Port, 1, 65535);
                    FrontendValidation(check, $"spec.tls.frontend.perPort[{i}].tls.validation", port.Tls.Validation);
                }
            }
        }
    }

    private static void FrontendValidation(SchemaFindings check, string at, FrontendTlsValidation? validation)
    {
        check.OneOf($"{at}.mode", validation?.Mode, FrontendValidationModes);
        if (check.Items($"{at}.caCertificateRefs", validation?.CaCertificateRefs, 16))
        {
            foreach (var (reference, i) in Indexed(validation?.CaCertificateRefs))
            {
                Reference(check, $"{at}.caCertificateRefs[{i}]", reference.Group, reference.Kind, reference.Name, reference.Namespace);
            }
        }
    }

    public static void GatewayClass(SchemaFindings check, GatewayClassSpec spec)
    {
        check.Matches("spec.controllerName", spec.ControllerName, Name, SchemaPatterns.ControllerName);
        check.Length("spec.description", spec.Description, 64);
        if (spec.ParametersRef is { } parameters)
        {
            Reference(check, "spec.parametersRef", parameters.Group, parameters.Kind, parameters.Name, parameters.Namespace);
        }
    }

    public static void ReferenceGrant(SchemaFindings check, ReferenceGrantSpec spec)
    {
        if (check.Items("spec.from", spec.From, 16))
        {
            foreach (var (from, i) in Indexed(spec.From))
            {
                Reference(check, $"spec.from[{i}]", from.Group, from.Kind, null, from.Namespace);
            }
        }
        if (check.Items("spec.to", spec.To, 16))
        {
            foreach (var (to, i) in Indexed(spec.To))
            {
                Reference(check, $"spec.to[{i}]", to.Group, to.Kind, to.Name, null);
            }
        }
    }

    public static void BackendTlsPolicy(SchemaFindings check, BackendTlsPolicySpec spec)
    {
        if (check.Items("spec.targetRefs", spec.TargetRefs, 16))
        {
            foreach (var (target, i) in Indexed(spec.TargetRefs))
            {
                Reference(check, $"spec.targetRefs[{i}]", target.Group, target.Kind, target.Name, null);
                check.Matches($"spec.targetRefs[{i}].sectionName", target.SectionName, Name, SchemaPatterns.DnsSubdomain);
            }
        }
        check.Properties("spec.options", spec.Options, 16);
        var validation = spec.Validation;
        check.Matches("spec.validation.hostname", validation.Hostname, Hostname, SchemaPatterns.DnsSubdomain);
        if (check.Items("spec.validation.caCertificateRefs", validation.CaCertificateRefs, 8))
        {
            foreach (var (reference, i) in Indexed(validation.CaCertificateRefs))
            {
                Reference(check, $"spec.validation.caCertificateRefs[{i}]", reference.Group, reference.Kind, reference.Name, null);
            }
        }
        if (check.Items("spec.validation.subjectAltNames", validation.SubjectAltNames, 5))
        {
            foreach (var (name, i) in Indexed(validation.SubjectAltNames))
            {
                check.OneOf($"spec.validation.subjectAltNames[{i}].type", name.Type, SubjectAltNameTypes);
                check.Matches($"spec.validation.subjectAltNames[{i}].hostname", name.Hostname, Hostname, SchemaPatterns.Hostname);
                check.Matches($"spec.validation.subjectAltNames[{i}].uri", name.Uri, 253, SchemaPatterns.AbsoluteUri);
            }
        }
    }

    internal static IEnumerable<(T Item, int Index)> Indexed<T>(IEnumerable<T>? items) => (items ?? []).Select((item, i) => (item, i));
}
