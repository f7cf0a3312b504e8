using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using k8s;

namespace AzureGateway.KeyVault.Writing.Aks;

/// <summary>
/// The cluster's <c>listClusterUserCredential</c> action, read only for where the API server is and its CA. The
/// kubeconfig's user (a kubelogin exec or a token) is never used: the caller authenticates with its own Entra token.
/// </summary>
internal static class ClusterUserCredential
{
    private const string ApiVersion = "2024-05-01";

    /// <exception cref="RequestFailedException">ARM answered with an error.</exception>
    /// <exception cref="ClusterConnectionException">The answer holds no usable kubeconfig.</exception>
    public static AksApiServer Read(HttpPipeline arm, Uri armEndpoint, ResourceIdentifier cluster, CancellationToken cancellationToken)
    {
        using var message = arm.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri(armEndpoint, $"{cluster}/listClusterUserCredential?api-version={ApiVersion}"));
        arm.Send(message, cancellationToken);
        var response = message.Response;
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }
        using var body = JsonDocument.Parse(response.Content.ToMemory());
        var kubeconfig = body.RootElement.TryGetProperty("kubeconfigs", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(k => k.TryGetProperty("value", out var v) ? v.GetString() : null).FirstOrDefault(v => v is not null)
            : null;
        return kubeconfig is null
            ? throw new ClusterConnectionException($"AKS cluster {cluster} returned no kubeconfig from listClusterUserCredential")
            : ApiServerOf(cluster, Convert.FromBase64String(kubeconfig));
    }

    private static AksApiServer ApiServerOf(ResourceIdentifier cluster, byte[] kubeconfig)
    {
        using var stream = new MemoryStream(kubeconfig);
        var config = KubernetesClientConfiguration.LoadKubeConfig(stream);
        var contextName = config.CurrentContext ?? config.Contexts?.FirstOrDefault()?.Name;
        var clusterName = config.Contexts?.FirstOrDefault(c => c.Name == contextName)?.ContextDetails?.Cluster;
        var endpoint = config.Clusters?.FirstOrDefault(c => c.Name == clusterName)?.ClusterEndpoint;
        if (endpoint?.Server is not { } server || !Uri.TryCreate(server, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps
            || string.IsNullOrEmpty(endpoint.CertificateAuthorityData))
        {
            throw new ClusterConnectionException($"AKS cluster {cluster}'s kubeconfig names no https server with certificate-authority-data");
        }
        var authority = new X509Certificate2Collection();
        authority.ImportFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(endpoint.CertificateAuthorityData)));
        return new AksApiServer(url, authority);
    }
}
