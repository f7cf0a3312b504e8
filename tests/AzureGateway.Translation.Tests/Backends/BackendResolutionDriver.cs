using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Rendering;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AzureGateway.Translation.Tests.Backends;

/// <summary>
/// Drives <see cref="BackendTranslator"/> the way route translation does, without it: every backendRef of every
/// HTTPRoute is resolved against the route's first parent Gateway, and every Gateway's backend client
/// certificate is checked. The rendering lists each backendRef's cluster and problem, each Gateway's
/// ResolvedRefs problem, then the statuses and clusters of <see cref="BackendTranslator.Finish"/>.
/// </summary>
internal static class BackendResolutionDriver
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases()
        .Build();

    public static string Render(ResourceSnapshot snapshot)
    {
        var translator = new BackendTranslator(new TranslationContext(snapshot, GoldenFiles.Options));
        var gateways = snapshot.Gateways
            .OrderBy(g => TranslationContext.Namespace(g.Metadata), StringComparer.Ordinal)
            .ThenBy(g => g.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var gatewayProblems = gateways
            .Select(g => new { gateway = Name(g.Metadata), clientCertificateProblem = Show(translator.GatewayClientCertificateProblem(g)) })
            .Where(g => g.clientCertificateProblem is not null)
            .ToList();
        var backendRefs = new List<object>();
        foreach (var route in snapshot.HttpRoutes
            .OrderBy(r => TranslationContext.Namespace(r.Metadata), StringComparer.Ordinal)
            .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            var parent = route.Spec.ParentRefs?.FirstOrDefault();
            var gateway = gateways.FirstOrDefault(g =>
                TranslationContext.Namespace(g.Metadata) == (parent?.Namespace ?? TranslationContext.Namespace(route.Metadata)) &&
                g.Metadata.Name == parent?.Name);
            if (gateway is null)
            {
                continue;
            }
            var listener = parent!.SectionName ?? gateway.Spec.Listeners.FirstOrDefault()?.Name ?? "";
            var rules = route.Spec.Rules ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                for (var j = 0; j < (rules[i].BackendRefs?.Count ?? 0); j++)
                {
                    var result = translator.Resolve(route, rules[i].BackendRefs![j], gateway, listener);
                    backendRefs.Add(new { route = Name(route.Metadata), rule = i, backendRef = j, result.Cluster, problem = Show(result.Problem) });
                }
            }
        }
        var (clusters, statuses) = translator.Finish();
        var finished = new TranslationResult(new GatewayIr { Clusters = clusters }, [.. statuses]);
        return Serializer.Serialize(new { backendRefs, gateways = gatewayProblems }) + TranslationYaml.Golden(finished);
    }

    private static string Name(k8s.Models.V1ObjectMeta metadata) => $"{TranslationContext.Namespace(metadata)}/{metadata.Name}";

    private static object? Show(Condition? condition) =>
        condition is null ? null : new { condition.Type, condition.Status, condition.Reason, condition.Message };
}
