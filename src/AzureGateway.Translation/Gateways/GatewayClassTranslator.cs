using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Gateways;

/// <summary>The classes this gateway answers for: those it serves, and those it refuses with why.</summary>
public sealed record GatewayClassDecisions(
    IReadOnlySet<string> Accepted, IReadOnlyDictionary<string, StatusProblem> Rejected, IReadOnlyList<ResourceStatus> Statuses);

/// <summary>
/// Decides which GatewayClasses this gateway serves. With no controller names configured (the folder mode) every
/// class is ours whatever its controllerName: the folder is the gateway's whole world. A class of ours is
/// Accepted, with the features it supports, unless its <c>parametersRef</c> cannot be used (InvalidParameters,
/// see <see cref="ParametersRefs"/>); then its Gateways are not served. A class served by another controller gets
/// no status from us.
/// </summary>
public sealed class GatewayClassTranslator(TranslationContext context)
{
    private static readonly IReadOnlyList<SupportedFeature> Features =
        [.. SupportedFeatures.Names.Select(name => new SupportedFeature { Name = name })];

    public GatewayClassDecisions Translate()
    {
        var controllers = context.Options.ControllerNames;
        var ours = context.Snapshot.GatewayClasses
            .Where(c => controllers is null || controllers.Contains(c.Spec.ControllerName))
            .OrderBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, StatusProblem>(StringComparer.Ordinal);
        var statuses = new List<ResourceStatus>();
        foreach (var gatewayClass in ours)
        {
            var problem = ParametersRefs.ClassProblem(gatewayClass.Spec.ParametersRef, context.Snapshot);
            if (problem is null)
            {
                accepted.Add(gatewayClass.Metadata.Name);
            }
            else
            {
                rejected.TryAdd(gatewayClass.Metadata.Name, problem);
            }
            statuses.Add(Status(gatewayClass, problem));
        }
        return new GatewayClassDecisions(accepted, rejected, statuses);
    }

    private ResourceStatus Status(GatewayClass gatewayClass, StatusProblem? problem)
    {
        var resource = ResourceRefs.ClusterScoped(gatewayClass, "GatewayClass");
        var status = problem is null
            ? new GatewayClassStatus
            {
                Conditions = [context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted, $"Served by {ResourceKinds.ControllerName}", resource.Generation)],
                SupportedFeatures = [.. Features],
            }
            : new GatewayClassStatus
            {
                Conditions = [context.Conditions.False(ConditionTypes.Accepted, problem.Reason, $"{problem.Message}; its Gateways are not served", resource.Generation)],
            };
        return new ResourceStatus(resource, status);
    }
}
