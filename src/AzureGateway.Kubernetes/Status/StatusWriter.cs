using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AzureGateway.Model;
using AzureGateway.Translation;
using AzureGateway.Translation.Status;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AzureGateway.Kubernetes.Status;

/// <summary>
/// Writes computed statuses to the status subresources, only where they differ from what the API server holds
/// (see <see cref="StatusMerge"/>). Each write is a merge patch carrying the resourceVersion it was computed
/// against, so a concurrent change fails it with 409 Conflict; it is then read again and retried.
/// </summary>
public sealed partial class StatusWriter(IKubernetes client, StatusWriterOptions options, ILogger<StatusWriter> logger)
{
    /// <summary>Writes what changed; returns how many statuses were written. Failures are logged, not thrown.</summary>
    public async Task<int> WriteAsync(IEnumerable<ResourceStatus> statuses, CancellationToken cancellationToken)
    {
        var addresses = await AddressesAsync(cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var status in statuses)
        {
            if (StatusTarget.Of(status.Resource) is not { } target)
            {
                continue;
            }
            var desired = StatusJson.ToNode(status.Status);
            if (addresses is not null && status.Status is GatewayStatus)
            {
                desired["addresses"] = addresses.DeepClone();
            }
            try
            {
                if (await WriteAsync(target, desired, cancellationToken).ConfigureAwait(false))
                {
                    written++;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                Log.WriteFailed(logger, target.ToString(), e.Message);
            }
        }
        return written;
    }

    private async Task<bool> WriteAsync(StatusTarget target, JsonObject desired, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await ReadAsync(target, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return false; // deleted since the snapshot; its next snapshot has no status for it
            }
            var held = current["status"] as JsonObject;
            var merged = StatusMerge.Merge(held, desired);
            if (JsonNode.DeepEquals(held ?? [], merged))
            {
                return false;
            }
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = current["metadata"]?["resourceVersion"]?.DeepClone() },
                ["status"] = merged,
            };
            try
            {
                await PatchAsync(target, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), cancellationToken).ConfigureAwait(false);
                Log.Written(logger, target.ToString());
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < options.ConflictRetries)
            {
                Log.Conflict(logger, target.ToString());
            }
        }
    }

    private async Task<JsonObject?> ReadAsync(StatusTarget target, CancellationToken cancellationToken)
    {
        try
        {
            var body = target.Namespace is null
                ? await client.CustomObjects.GetClusterCustomObjectStatusAsync(
                    target.Group, target.Version, target.Plural, target.Name, cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.GetNamespacedCustomObjectStatusAsync(
                    target.Group, target.Version, target.Namespace, target.Plural, target.Name, cancellationToken).ConfigureAwait(false);
            return JsonNode.Parse(body is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(body)) as JsonObject;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task PatchAsync(StatusTarget target, V1Patch patch, CancellationToken cancellationToken) => target.Namespace is null
        ? client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            patch, target.Group, target.Version, target.Plural, target.Name, cancellationToken: cancellationToken)
        : client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            patch, target.Group, target.Version, target.Namespace, target.Plural, target.Name, cancellationToken: cancellationToken);

    /// <summary>The data plane Service's load balancer addresses, as Gateway status addresses; null when not configured or not yet assigned.</summary>
    private async Task<JsonArray?> AddressesAsync(CancellationToken cancellationToken)
    {
        if (options.AddressService is not { } addressService)
        {
            return null;
        }
        var (ns, name) = addressService;
        try
        {
            var service = await client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            var ingress = service.Status?.LoadBalancer?.Ingress ?? [];
            var addresses = new JsonArray([.. ingress
                .Select(i => i.Ip is { Length: > 0 } ip
                    ? new JsonObject { ["type"] = "IPAddress", ["value"] = ip }
                    : i.Hostname is { Length: > 0 } host ? new JsonObject { ["type"] = "Hostname", ["value"] = host } : null)
                .OfType<JsonObject>()]);
            return addresses.Count > 0 ? addresses : null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            Log.AddressServiceMissing(logger, ns, name);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote the status of {Resource}")]
        public static partial void Written(ILogger logger, string resource);

        [LoggerMessage(Level = LogLevel.Debug, Message = "The status write of {Resource} met a conflict; reading it again")]
        public static partial void Conflict(ILogger logger, string resource);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the status of {Resource} failed: {Reason}")]
        public static partial void WriteFailed(ILogger logger, string resource, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Namespace}/{Name} (--address-service) does not exist; Gateway addresses are not written")]
        public static partial void AddressServiceMissing(ILogger logger, string @namespace, string name);
    }
}
