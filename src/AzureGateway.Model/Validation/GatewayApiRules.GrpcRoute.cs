using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.Validation;

/// <summary>
/// The v1.6.1 standard-channel GRPCRoute CRD's rules: the parents, hostnames and backendRefs of every route kind,
/// 8 matches per rule, the method match's enum, lengths and CEL rules (a service and a method of gRPC's own
/// characters when matched exactly, and one of them at least), and the four filter types a GRPCRoute has. The CRD's
/// CEL bound of 128 matches across rules is not checked: 16 rules of 8 matches cannot exceed it.
/// </summary>
internal static partial class GatewayApiRules
{
    private const int GrpcName = 1024;
    private static readonly string[] GrpcMethodMatchTypes = ["Exact", "RegularExpression"];
    private static readonly string[] GrpcFilterTypes = ["ResponseHeaderModifier", "RequestHeaderModifier", "RequestMirror", "ExtensionRef"];

    public static void GrpcRoute(SchemaFindings check, GrpcRouteSpec spec)
    {
        ParentsAndHostnames(check, spec.ParentRefs, spec.Hostnames);
        if (!check.Items("spec.rules", spec.Rules, 16))
        {
            return;
        }
        foreach (var (rule, i) in Indexed(spec.Rules))
        {
            var at = $"spec.rules[{i}]";
            check.Matches($"{at}.name", rule.Name, Name, SchemaPatterns.DnsSubdomain);
            if (check.Items($"{at}.matches", rule.Matches, 8))
            {
                foreach (var (match, j) in Indexed(rule.Matches))
                {
                    if (match.Method is { } method)
                    {
                        MethodMatch(check, $"{at}.matches[{j}].method", method);
                    }
                    HeaderMatches(check, $"{at}.matches[{j}].headers", match.Headers);
                }
            }
            GrpcFilters(check, $"{at}.filters", rule.Filters);
            if (check.Items($"{at}.backendRefs", rule.BackendRefs, 16))
            {
                foreach (var (backend, j) in Indexed(rule.BackendRefs))
                {
                    var here = $"{at}.backendRefs[{j}]";
                    BackendReference(check, here, backend);
                    check.Range($"{here}.weight", backend.Weight, 0, 1_000_000);
                    GrpcFilters(check, $"{here}.filters", backend.Filters);
                }
            }
        }
    }

    private static void MethodMatch(SchemaFindings check, string at, GrpcMethodMatch method)
    {
        check.OneOf($"{at}.type", method.Type, GrpcMethodMatchTypes);
        check.Length($"{at}.service", method.Service, GrpcName);
        check.Length($"{at}.method", method.Method, GrpcName);
        // The API server defaults the type to Exact before its CEL rules run, so they hold for a match without one.
        check.Rule(at, method.Service is not null || method.Method is not null,
            () => "sets neither service nor method (the CRD's rule: one or both must be specified)");
        if (method.Type is null or "Exact")
        {
            check.Rule($"{at}.service", method.Service is null || SchemaPatterns.GrpcService.IsMatch(method.Service),
                () => $"is \"{method.Service}\", not {SchemaPatterns.GrpcService.Description} (the CRD's rule for an Exact match)");
            check.Rule($"{at}.method", method.Method is null || SchemaPatterns.GrpcMethod.IsMatch(method.Method),
                () => $"is \"{method.Method}\", not {SchemaPatterns.GrpcMethod.Description} (the CRD's rule for an Exact match)");
        }
    }

    private static void GrpcFilters(SchemaFindings check, string at, List<GrpcRouteFilter>? filters)
    {
        if (!check.Items(at, filters, 16))
        {
            return;
        }
        foreach (var (filter, i) in Indexed(filters))
        {
            var here = $"{at}[{i}]";
            check.OneOf($"{here}.type", filter.Type, GrpcFilterTypes);
            HeaderFilter(check, $"{here}.requestHeaderModifier", filter.RequestHeaderModifier);
            HeaderFilter(check, $"{here}.responseHeaderModifier", filter.ResponseHeaderModifier);
            Mirror(check, $"{here}.requestMirror", filter.RequestMirror);
            ExtensionRef(check, $"{here}.extensionRef", filter.ExtensionRef);
        }
    }
}
