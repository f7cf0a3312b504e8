using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using k8s;

namespace AzureGateway.KeyVault.Writing.Aks;

/// <summary>
/// An AKS cluster's API server, found through Azure Resource Manager from outside the cluster: the cluster resource
/// (which must have Entra integration), its API server and CA from <c>listClusterUserCredential</c>, and an Entra
/// token for the AKS server application on every request. ARM and the API server each get only their own token.
/// </summary>
public static class AksCluster
{
    /// <summary>The environment variable naming the cluster's resource id; when set, Secrets are written there.</summary>
    public const string ResourceIdVariable = "AKS_CLUSTER_RESOURCE_ID";

    private static readonly ResourceType ManagedClusters = new("Microsoft.ContainerService/managedClusters");

    // Pinned, so that reading the cluster does not first look the version up from the provider's registration.
    private const string ApiVersion = "2024-05-01";

    /// <summary>
    /// Looks the cluster up (synchronously: this runs once while the app's services are built) and returns a client
    /// configuration for its API server. <paramref name="options"/> gains the managed clusters' API version.
    /// </summary>
    /// <exception cref="ClusterConnectionException">The cluster cannot be used; the message says why in one line.</exception>
    public static KubernetesClientConfiguration Connect(
        string resourceId, TokenCredential credential, ArmClientOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var cluster = Parse(resourceId);
        options.SetApiVersion(ManagedClusters, ApiVersion);
        var environment = options.Environment ?? ArmEnvironment.AzurePublicCloud;
        try
        {
            var resource = new ArmClient(credential, cluster.SubscriptionId, options).GetGenericResource(cluster).Get(cancellationToken).Value.Data;
            RequireEntraIntegration(cluster, resource.Properties);
            var arm = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, environment.DefaultScope));
            var api = ClusterUserCredential.Read(arm, environment.Endpoint, cluster, cancellationToken);
            return new KubernetesClientConfiguration
            {
                Host = api.Server.ToString(),
                SslCaCerts = api.CertificateAuthority,
                TokenProvider = new EntraTokenProvider(credential, time),
            };
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new ClusterConnectionException($"AKS cluster {cluster} was not found; check {ResourceIdVariable}", e);
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            throw new ClusterConnectionException(
                $"the app's identity may not use AKS cluster {cluster} ({e.ErrorCode ?? e.Status.ToString()}); give it the Azure Kubernetes Service Cluster User Role on the cluster", e);
        }
        catch (RequestFailedException e)
        {
            throw new ClusterConnectionException($"Azure Resource Manager answered {e.Status} ({e.ErrorCode}) for AKS cluster {cluster}", e);
        }
    }

    private static ResourceIdentifier Parse(string resourceId)
    {
        try
        {
            var id = new ResourceIdentifier(resourceId);
            if (id.ResourceType == ManagedClusters && id.SubscriptionId is not null)
            {
                return id;
            }
        }
        catch (FormatException)
        {
            // reported below, as the one shape expected
        }
        throw new ClusterConnectionException(
            $"{ResourceIdVariable} '{resourceId}' is not /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<name>");
    }

    // Without Entra integration the API server does not accept Entra tokens: every write would be refused.
    private static void RequireEntraIntegration(ResourceIdentifier cluster, BinaryData? properties)
    {
        using var json = JsonDocument.Parse(properties ?? BinaryData.FromString("{}"));
        if (!json.RootElement.TryGetProperty("aadProfile", out var aad) || aad.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConnectionException($"AKS cluster {cluster} has no Microsoft Entra integration (aadProfile), so it cannot accept the app's Entra token");
        }
    }
}
