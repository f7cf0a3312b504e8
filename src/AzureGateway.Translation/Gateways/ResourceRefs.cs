using AzureGateway.Model;
using AzureGateway.Translation.Status;
using k8s;
using k8s.Models;

namespace AzureGateway.Translation.Gateways;

/// <summary>Names the resource a status belongs to, as the manifest spelled its apiVersion.</summary>
public static class ResourceRefs
{
    public static ResourceRef Namespaced(IKubernetesObject<V1ObjectMeta> resource, string kind) => new(
        ApiVersion(resource), kind, TranslationContext.Namespace(resource.Metadata), resource.Metadata.Name, Generation(resource.Metadata));

    public static ResourceRef ClusterScoped(IKubernetesObject<V1ObjectMeta> resource, string kind) => new(
        ApiVersion(resource), kind, null, resource.Metadata.Name, Generation(resource.Metadata));

    /// <summary>The generation conditions observe; a manifest without one is at its first.</summary>
    public static long Generation(V1ObjectMeta metadata) => metadata.Generation ?? 1;

    private static string ApiVersion(IKubernetesObject<V1ObjectMeta> resource) =>
        string.IsNullOrEmpty(resource.ApiVersion) ? ResourceKinds.GatewayApiVersion : resource.ApiVersion;
}
