using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Decides which GatewayClasses this gateway serves and reports them Accepted. With no controller names
/// configured (the folder mode) every class is served whatever its controllerName: the folder is the gateway's
/// whole world. A class served by another controller gets no status from us.
/// </summary>
public sealed class GatewayClassTranslator(TranslationContext context)
{
    public (IReadOnlySet<string> Served, IReadOnlyList<ResourceStatus> Statuses) Translate()
    {
        var controllers = context.Options.ControllerNames;
        var served = context.Snapshot.GatewayClasses
            .Where(c => controllers is null || controllers.Contains(c.Spec.ControllerName))
            .OrderBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var statuses = served.Select(Status).ToList();
        return (served.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal), statuses);
    }

    private ResourceStatus Status(GatewayClass gatewayClass)
    {
        var resource = ResourceRefs.ClusterScoped(gatewayClass, "GatewayClass");
        var accepted = context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted,
            $"Served by {ResourceKinds.ControllerName}", resource.Generation);
        return new ResourceStatus(resource, new ConditionsStatus { Conditions = [accepted] });
    }
}
