using AzureGateway.Translation;

namespace AzureGateway.Kubernetes.Status;

/// <summary>Where a resource's status subresource lives: group, version, plural, namespace (null when cluster-scoped), name.</summary>
internal sealed record StatusTarget(string Group, string Version, string Plural, string? Namespace, string Name)
{
    /// <summary>The kinds whose status the translator computes, by kind, and the collection each lives in.</summary>
    private static readonly Dictionary<string, string> Plurals = new(StringComparer.Ordinal)
    {
        ["GatewayClass"] = "gatewayclasses",
        ["Gateway"] = "gateways",
        ["HTTPRoute"] = "httproutes",
        ["BackendTLSPolicy"] = "backendtlspolicies",
        ["Backend"] = "backends",
    };

    /// <summary>The target of a computed status, or null for a kind whose status is not written.</summary>
    public static StatusTarget? Of(ResourceRef resource)
    {
        var slash = resource.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !Plurals.TryGetValue(resource.Kind, out var plural))
        {
            return null;
        }
        return new StatusTarget(
            resource.ApiVersion[..slash], resource.ApiVersion[(slash + 1)..], plural, resource.Namespace, resource.Name);
    }

    public override string ToString() => Namespace is null ? $"{Plural}.{Group} {Name}" : $"{Plural}.{Group} {Namespace}/{Name}";
}
