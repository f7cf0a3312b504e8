using k8s;
using k8s.Models;

namespace AzureGateway.Model;

/// <summary>
/// Base of the resource kinds we model ourselves (Gateway API, ALB, Envoy Gateway). It implements the
/// KubernetesClient object contract so the same types load from YAML files and from the API server.
/// </summary>
public abstract class KubernetesResource<TSpec> : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>
    where TSpec : new()
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public TSpec Spec { get; set; } = new();
}
