using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Status;

/// <summary>The status computed for one resource, shaped as its status subresource.</summary>
public sealed record ResourceStatus(ResourceRef Resource, object Status)
{
    /// <summary>Every condition in the status, wherever the status shape keeps them.</summary>
    public IEnumerable<Condition> Conditions() => Status switch
    {
        ConditionsStatus s => s.Conditions,
        GatewayClassStatus s => s.Conditions,
        GatewayStatus s => s.Conditions.Concat(s.Listeners.SelectMany(l => l.Conditions)),
        RouteStatus s => s.Parents.SelectMany(p => p.Conditions),
        PolicyStatus s => s.Ancestors.SelectMany(a => a.Conditions),
        _ => [],
    };
}

/// <summary>Identifies a resource: apiVersion, kind, namespace (null for cluster-scoped), name, generation.</summary>
public sealed record ResourceRef(string ApiVersion, string Kind, string? Namespace, string Name, long Generation)
{
    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
