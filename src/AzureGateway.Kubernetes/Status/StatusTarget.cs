using AzureGateway.Model;
using AzureGateway.Translation;
using AzureGateway.Translation.Status;

namespace AzureGateway.Kubernetes.Status;

/// <summary>Where a resource's status subresource lives: group, version, plural, namespace (null when cluster-scoped), name.</summary>
internal sealed record StatusTarget(string Group, string Version, string Plural, string? Namespace, string Name)
{
    /// <summary>The target of a computed status, or null for a kind whose status is not written.</summary>
    public static StatusTarget? Of(ResourceRef resource)
    {
        var slash = resource.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }
        var group = resource.ApiVersion[..slash];
        var kind = ResourceKinds.All.FirstOrDefault(k => k.StatusWritten && k.Group == group && k.Kind == resource.Kind);
        return kind is null
            ? null
            : new StatusTarget(group, resource.ApiVersion[(slash + 1)..], kind.Plural, resource.Namespace, resource.Name);
    }

    public override string ToString() => Namespace is null ? $"{Plural}.{Group} {Name}" : $"{Plural}.{Group} {Namespace}/{Name}";
}
