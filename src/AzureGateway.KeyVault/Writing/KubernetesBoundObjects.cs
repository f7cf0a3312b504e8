using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AzureGateway.KeyVault.Bindings;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AzureGateway.KeyVault.Writing;

/// <summary>
/// Bound Secrets and ConfigMaps in a cluster, through <see cref="IKubernetes"/>. Lists are cluster-wide and paged;
/// bindings are annotations, which no selector can match, so the pages are filtered here (a field selector on the
/// Secret type leaves out the kinds that never carry one). Writes are merge patches
/// carrying the resourceVersion they were computed against.
/// </summary>
public sealed class KubernetesBoundObjects(IKubernetes client) : IBoundObjectStore
{
    private const int PageSize = 500;

    // Kinds of Secret no binding is ever on, and which can be large and many (Helm keeps every release in one).
    private const string UnboundSecretTypes = "type!=helm.sh/release.v1,type!=kubernetes.io/service-account-token";

    public async Task<IReadOnlyList<BoundObject>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<BoundObject>();
        string? next = null;
        do
        {
            var page = await client.CoreV1.ListSecretForAllNamespacesAsync(continueParameter: next, fieldSelector: UnboundSecretTypes, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            found.AddRange(page.Items.Select(s => Bound(ObjectKind.Secret, s.Metadata)).Where(o => o.HasBinding));
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        do
        {
            var page = await client.CoreV1.ListConfigMapForAllNamespacesAsync(continueParameter: next, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            found.AddRange(page.Items.Select(c => Bound(ObjectKind.ConfigMap, c.Metadata)).Where(o => o.HasBinding));
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        return found;
    }

    public async Task<BoundObject?> GetAsync(BoundObject target, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = target.Kind == ObjectKind.Secret
                ? (await client.CoreV1.ReadNamespacedSecretAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata
                : (await client.CoreV1.ReadNamespacedConfigMapAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata;
            return Bound(target.Kind, metadata);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task WriteAsync(BoundObject target, ObjectWrite write, CancellationToken cancellationToken)
    {
        // A Secret's data is base64 on the wire; a ConfigMap's is plain text.
        var data = new JsonObject();
        foreach (var (key, value) in write.Data)
        {
            data[key] = target.Kind == ObjectKind.Secret ? Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) : value;
        }
        var annotations = new JsonObject();
        foreach (var (key, value) in write.Annotations)
        {
            annotations[key] = value; // null removes it, as a merge patch does
        }
        var patch = new V1Patch(new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = target.ResourceVersion, ["annotations"] = annotations },
            ["data"] = data,
        }.ToJsonString(), V1Patch.PatchType.MergePatch);
        if (target.Kind == ObjectKind.Secret)
        {
            await client.CoreV1.PatchNamespacedSecretAsync(patch, target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await client.CoreV1.PatchNamespacedConfigMapAsync(patch, target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static BoundObject Bound(ObjectKind kind, V1ObjectMeta metadata) => new(
        kind,
        metadata.NamespaceProperty ?? "",
        metadata.Name,
        metadata.ResourceVersion,
        metadata.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : new Dictionary<string, string>());
}
