using AzureGateway.Model.GatewayApi;
using k8s;
using k8s.Models;

namespace AzureGateway.Model.Validation;

/// <summary>A list, map or string longer than its CRD schema allows.</summary>
public sealed record LimitExceeded(string Field, int Count, int Limit, string Unit)
{
    public override string ToString() => $"{Field} has {Count} {Unit}, more than the {Limit} the CRD allows";
}

/// <summary>
/// The structural limits the Gateway API v1.6.1 standard-channel CRDs declare (<c>maxItems</c>, <c>maxProperties</c>,
/// <c>maxLength</c>, and the CEL rule bounding an HTTPRoute's matches) for the kinds the gateway reads. The API server
/// refuses an object over them; the folder source and the Kubernetes source both refuse it here, so that neither mode
/// serves what a cluster would not hold, and an object built to be huge cannot make translation or routing huge.
/// Every number is the CRD's; a list is checked before its items, and the first limit exceeded is the one reported.
/// </summary>
public static class SchemaLimits
{
    // Lengths the CRDs repeat for every reference and name.
    private const int Name = 253;
    private const int Namespace = 63;
    private const int Hostname = 253;
    private const int HeaderName = 256;
    private const int HeaderValue = 4096;
    private const int Path = 1024;

    /// <summary>
    /// One line for an object over a limit (<c>HTTPRoute default/web refused: spec.rules has 17 items, more than
    /// the 16 the CRD allows</c>), or null when it is within them or of a kind without limits here.
    /// </summary>
    public static string? Refusal(IKubernetesObject<V1ObjectMeta> resource)
    {
        var exceeded = Check(resource);
        if (exceeded is null)
        {
            return null;
        }
        var name = resource.Metadata?.NamespaceProperty is { Length: > 0 } ns ? $"{ns}/{resource.Metadata.Name}" : resource.Metadata?.Name;
        return $"{resource.Kind} {name} refused: {exceeded}";
    }

    /// <summary>The first limit the object exceeds, or null.</summary>
    public static LimitExceeded? Check(IKubernetesObject<V1ObjectMeta> resource)
    {
        var check = new Findings();
        switch (resource)
        {
            case HttpRoute route:
                HttpRoute(check, route.Spec);
                break;
            case Gateway gateway:
                Gateway(check, gateway.Spec);
                break;
            case GatewayClass gatewayClass:
                GatewayClass(check, gatewayClass.Spec);
                break;
            case ReferenceGrant grant:
                ReferenceGrant(check, grant.Spec);
                break;
            case BackendTlsPolicy policy:
                BackendTlsPolicy(check, policy.Spec);
                break;
        }
        return check.First;
    }

    private static void HttpRoute(Findings check, HttpRouteSpec spec)
    {
        if (check.Items("spec.parentRefs", spec.ParentRefs, 32))
        {
            foreach (var (parent, i) in Indexed(spec.ParentRefs))
            {
                check.Length($"spec.parentRefs[{i}].name", parent.Name, Name);
                check.Length($"spec.parentRefs[{i}].namespace", parent.Namespace, Namespace);
                check.Length($"spec.parentRefs[{i}].sectionName", parent.SectionName, Name);
            }
        }
        if (check.Items("spec.hostnames", spec.Hostnames, 16))
        {
            foreach (var (hostname, i) in Indexed(spec.Hostnames))
            {
                check.Length($"spec.hostnames[{i}]", hostname, Hostname);
            }
        }
        if (!check.Items("spec.rules", spec.Rules, 16))
        {
            return;
        }
        // The CRD's CEL rule on spec.rules: 16 rules of 64 matches would be 1024, and it allows 128 in all.
        check.Count("spec.rules[*].matches", spec.Rules?.Sum(r => r.Matches?.Count ?? 0) ?? 0, 128);
        foreach (var (rule, i) in Indexed(spec.Rules))
        {
            var at = $"spec.rules[{i}]";
            check.Length($"{at}.name", rule.Name, Name);
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
                    check.Length($"{at}.backendRefs[{j}].name", backend.Name, Name);
                    check.Length($"{at}.backendRefs[{j}].namespace", backend.Namespace, Namespace);
                    Filters(check, $"{at}.backendRefs[{j}].filters", backend.Filters);
                }
            }
        }
    }

    private static void Match(Findings check, string at, HttpRouteMatch match)
    {
        check.Length($"{at}.path.value", match.Path?.Value, Path);
        if (check.Items($"{at}.headers", match.Headers, 16))
        {
            foreach (var (header, k) in Indexed(match.Headers))
            {
                check.Length($"{at}.headers[{k}].name", header.Name, HeaderName);
                check.Length($"{at}.headers[{k}].value", header.Value, HeaderValue);
            }
        }
        if (check.Items($"{at}.queryParams", match.QueryParams, 16))
        {
            foreach (var (query, k) in Indexed(match.QueryParams))
            {
                check.Length($"{at}.queryParams[{k}].name", query.Name, HeaderName);
                check.Length($"{at}.queryParams[{k}].value", query.Value, Path);
            }
        }
    }

    private static void Filters(Findings check, string at, List<HttpRouteFilter>? filters)
    {
        if (!check.Items(at, filters, 16))
        {
            return;
        }
        foreach (var (filter, i) in Indexed(filters))
        {
            var here = $"{at}[{i}]";
            HeaderFilter(check, $"{here}.requestHeaderModifier", filter.RequestHeaderModifier);
            HeaderFilter(check, $"{here}.responseHeaderModifier", filter.ResponseHeaderModifier);
            check.Length($"{here}.requestRedirect.hostname", filter.RequestRedirect?.Hostname, Hostname);
            PathModifier(check, $"{here}.requestRedirect.path", filter.RequestRedirect?.Path);
            check.Length($"{here}.urlRewrite.hostname", filter.UrlRewrite?.Hostname, Hostname);
            PathModifier(check, $"{here}.urlRewrite.path", filter.UrlRewrite?.Path);
            check.Length($"{here}.requestMirror.backendRef.name", filter.RequestMirror?.BackendRef?.Name, Name);
            check.Length($"{here}.requestMirror.backendRef.namespace", filter.RequestMirror?.BackendRef?.Namespace, Namespace);
            if (filter.Cors is { } cors)
            {
                check.Items($"{here}.cors.allowOrigins", cors.AllowOrigins, 64);
                check.Items($"{here}.cors.allowMethods", cors.AllowMethods, 9);
                check.Items($"{here}.cors.allowHeaders", cors.AllowHeaders, 64);
                check.Items($"{here}.cors.exposeHeaders", cors.ExposeHeaders, 64);
            }
        }
    }

    private static void HeaderFilter(Findings check, string at, HttpHeaderFilter? filter)
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
                    check.Length($"{at}.{field}[{i}].name", header.Name, HeaderName);
                    check.Length($"{at}.{field}[{i}].value", header.Value, HeaderValue);
                }
            }
        }
        check.Items($"{at}.remove", filter.Remove, 16);
    }

    private static void PathModifier(Findings check, string at, HttpPathModifier? path)
    {
        check.Length($"{at}.replaceFullPath", path?.ReplaceFullPath, Path);
        check.Length($"{at}.replacePrefixMatch", path?.ReplacePrefixMatch, Path);
    }

    private static void Gateway(Findings check, GatewaySpec spec)
    {
        check.Length("spec.gatewayClassName", spec.GatewayClassName, Name);
        if (check.Items("spec.listeners", spec.Listeners, 64))
        {
            foreach (var (listener, i) in Indexed(spec.Listeners))
            {
                var at = $"spec.listeners[{i}]";
                check.Length($"{at}.name", listener.Name, Name);
                check.Length($"{at}.hostname", listener.Hostname, Hostname);
                check.Length($"{at}.protocol", listener.Protocol, 255);
                check.Items($"{at}.allowedRoutes.kinds", listener.AllowedRoutes?.Kinds, 8);
                check.Properties($"{at}.tls.options", listener.Tls?.Options, 16);
                if (check.Items($"{at}.tls.certificateRefs", listener.Tls?.CertificateRefs, 64))
                {
                    foreach (var (certificate, j) in Indexed(listener.Tls?.CertificateRefs))
                    {
                        check.Length($"{at}.tls.certificateRefs[{j}].name", certificate.Name, Name);
                        check.Length($"{at}.tls.certificateRefs[{j}].namespace", certificate.Namespace, Namespace);
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
        check.Items("spec.tls.frontend.default.validation.caCertificateRefs", spec.Tls?.Frontend?.Default.Validation?.CaCertificateRefs, 16);
        if (check.Items("spec.tls.frontend.perPort", spec.Tls?.Frontend?.PerPort, 64))
        {
            foreach (var (port, i) in Indexed(spec.Tls?.Frontend?.PerPort))
            {
                check.Items($"spec.tls.frontend.perPort[{i}].tls.validation.caCertificateRefs", port.Tls.Validation?.CaCertificateRefs, 16);
            }
        }
    }

    private static void GatewayClass(Findings check, GatewayClassSpec spec)
    {
        check.Length("spec.controllerName", spec.ControllerName, Name);
        check.Length("spec.description", spec.Description, 64);
        check.Length("spec.parametersRef.name", spec.ParametersRef?.Name, Name);
        check.Length("spec.parametersRef.namespace", spec.ParametersRef?.Namespace, Namespace);
    }

    private static void ReferenceGrant(Findings check, ReferenceGrantSpec spec)
    {
        if (check.Items("spec.from", spec.From, 16))
        {
            foreach (var (from, i) in Indexed(spec.From))
            {
                check.Length($"spec.from[{i}].namespace", from.Namespace, Namespace);
            }
        }
        if (check.Items("spec.to", spec.To, 16))
        {
            foreach (var (to, i) in Indexed(spec.To))
            {
                check.Length($"spec.to[{i}].name", to.Name, Name);
            }
        }
    }

    private static void BackendTlsPolicy(Findings check, BackendTlsPolicySpec spec)
    {
        if (check.Items("spec.targetRefs", spec.TargetRefs, 16))
        {
            foreach (var (target, i) in Indexed(spec.TargetRefs))
            {
                check.Length($"spec.targetRefs[{i}].name", target.Name, Name);
                check.Length($"spec.targetRefs[{i}].sectionName", target.SectionName, Name);
            }
        }
        check.Properties("spec.options", spec.Options, 16);
        var validation = spec.Validation;
        check.Length("spec.validation.hostname", validation.Hostname, Hostname);
        check.Items("spec.validation.caCertificateRefs", validation.CaCertificateRefs, 8);
        if (check.Items("spec.validation.subjectAltNames", validation.SubjectAltNames, 5))
        {
            foreach (var (name, i) in Indexed(validation.SubjectAltNames))
            {
                check.Length($"spec.validation.subjectAltNames[{i}].hostname", name.Hostname, Hostname);
                check.Length($"spec.validation.subjectAltNames[{i}].uri", name.Uri, 253);
            }
        }
    }

    private static IEnumerable<(T Item, int Index)> Indexed<T>(IEnumerable<T>? items) => (items ?? []).Select((item, i) => (item, i));

    /// <summary>Keeps the first limit exceeded; later checks do nothing once one is found.</summary>
    private sealed class Findings
    {
        public LimitExceeded? First { get; private set; }

        /// <summary>True when the list is within its limit, so that its items are worth checking.</summary>
        public bool Items<T>(string field, IReadOnlyCollection<T>? list, int limit) => Count(field, list?.Count ?? 0, limit);

        public bool Count(string field, int count, int limit) => Record(field, count, limit, "items");

        public void Properties<TKey, TValue>(string field, IReadOnlyDictionary<TKey, TValue>? map, int limit) =>
            Record(field, map?.Count ?? 0, limit, "entries");

        public void Length(string field, string? value, int limit) => Record(field, value?.Length ?? 0, limit, "characters");

        private bool Record(string field, int count, int limit, string unit)
        {
            if (First is null && count > limit)
            {
                First = new LimitExceeded(field, count, limit, unit);
            }
            return First is null;
        }
    }
}
