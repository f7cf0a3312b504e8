using System.Text.Json.Nodes;
using AzureGateway.Model;

namespace AzureGateway.Kubernetes.Status;

/// <summary>
/// Combines the status we computed with the one the API server holds, keeping what is not ours: route parents and
/// policy ancestors that other controllers write, and any status field we do not set (the Gateway's addresses when
/// no Service is configured). A condition that reads the same as the server's keeps the server's
/// lastTransitionTime, so an unchanged status compares equal and is not written again.
/// </summary>
internal static class StatusMerge
{
    public static JsonObject Merge(JsonObject? current, JsonObject desired)
    {
        var merged = (JsonObject)desired.DeepClone();
        current ??= [];
        foreach (var (key, value) in current)
        {
            if (!merged.ContainsKey(key))
            {
                merged[key] = value?.DeepClone();
            }
        }
        KeepTransitionTimes(merged["conditions"], current["conditions"]);
        MergeEntries(merged, current, "listeners", (a, b) => Same(a["name"], b["name"]), ours: null);
        MergeEntries(merged, current, "parents", (a, b) => Same(a["parentRef"], b["parentRef"]) && Same(a["controllerName"], b["controllerName"]), ours: IsOurs);
        MergeEntries(merged, current, "ancestors", (a, b) => Same(a["ancestorRef"], b["ancestorRef"]) && Same(a["controllerName"], b["controllerName"]), ours: IsOurs);
        return merged;
    }

    private static bool IsOurs(JsonObject entry) => entry["controllerName"]?.GetValue<string>() == ResourceKinds.ControllerName;

    /// <summary>
    /// Matches each computed entry of a list with the server's to keep its condition times. Where entries have an
    /// owner (<paramref name="ours"/>), the server's entries owned by other controllers stay, first, in their order.
    /// </summary>
    private static void MergeEntries(
        JsonObject merged, JsonObject current, string name, Func<JsonObject, JsonObject, bool> sameEntry, Func<JsonObject, bool>? ours)
    {
        if (merged[name] is not JsonArray computed || (ours is null && current[name] is null))
        {
            return;
        }
        var held = (current[name] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var entry in computed.OfType<JsonObject>())
        {
            KeepTransitionTimes(entry["conditions"], held.FirstOrDefault(h => sameEntry(entry, h))?["conditions"]);
        }
        if (ours is null)
        {
            return;
        }
        var result = new JsonArray([.. held.Where(h => !ours(h)).Select(h => h.DeepClone())]);
        foreach (var entry in computed.ToList())
        {
            computed.Remove(entry);
            result.Add(entry);
        }
        merged[name] = result;
    }

    private static void KeepTransitionTimes(JsonNode? computed, JsonNode? held)
    {
        if (computed is not JsonArray conditions || held is not JsonArray heldConditions)
        {
            return;
        }
        foreach (var condition in conditions.OfType<JsonObject>())
        {
            var previous = heldConditions.OfType<JsonObject>().FirstOrDefault(h => Same(h["type"], condition["type"]));
            if (previous is not null
                && Same(previous["status"], condition["status"]) && Same(previous["reason"], condition["reason"])
                && Same(previous["message"], condition["message"]) && Same(previous["observedGeneration"], condition["observedGeneration"]))
            {
                condition["lastTransitionTime"] = previous["lastTransitionTime"]?.DeepClone();
            }
        }
    }

    private static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);
}
