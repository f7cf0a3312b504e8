using System.Text.Json;
using AzureGateway.Model;
using AzureGateway.Translation;
using AzureGateway.Translation.Status;

namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>Reading a translation's statuses the way a conformance check reads them from the API server.</summary>
public static class Statuses
{
    public static GatewayStatus Gateway(this TranslationResult result, string name, string @namespace = Scenario.Infra) =>
        (GatewayStatus)Find(result, "Gateway", @namespace, name).Status;

    /// <summary>The status of an HTTPRoute, or null when the translation gave it none.</summary>
    public static RouteStatus? Route(this TranslationResult result, string name, string @namespace = Scenario.Infra) =>
        result.Statuses.SingleOrDefault(s => Is(s, "HTTPRoute", @namespace, name))?.Status as RouteStatus;

    /// <summary>The status of a GRPCRoute, or null when the translation gave it none.</summary>
    public static RouteStatus? GrpcRoute(this TranslationResult result, string name, string @namespace = Scenario.Infra) =>
        result.Statuses.SingleOrDefault(s => Is(s, "GRPCRoute", @namespace, name))?.Status as RouteStatus;

    /// <summary>The route's status for its parent Gateway <paramref name="gateway"/> (and listener, when given).</summary>
    public static RouteParentStatus? Parent(this RouteStatus? route, string gateway, string? sectionName = null, int? port = null) =>
        route?.Parents.SingleOrDefault(p => p.ParentRef.Name == gateway && p.ParentRef.SectionName == sectionName && p.ParentRef.Port == port);

    public static ListenerStatus Listener(this GatewayStatus gateway, string name) => gateway.Listeners.Single(l => l.Name == name);

    /// <summary>The status of a cluster-scoped or namespaced resource as JSON, camelCase as the API server shows it.</summary>
    public static JsonElement Json(this TranslationResult result, string kind, string? @namespace, string name) =>
        JsonSerializer.SerializeToElement(Find(result, kind, @namespace, name).Status, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>The condition of <paramref name="type"/> among <paramref name="conditions"/>, or null.</summary>
    public static Condition? Condition(this IEnumerable<Condition>? conditions, string type) =>
        conditions?.SingleOrDefault(c => c.Type == type);

    /// <summary>Whether a condition of <paramref name="type"/> has <paramref name="status"/> (and <paramref name="reason"/> when given).</summary>
    public static bool Has(this IEnumerable<Condition>? conditions, string type, string status, string? reason = null) =>
        conditions.Condition(type) is { } condition && condition.Status == status && (reason is null || condition.Reason == reason);

    /// <summary>"Accepted=True/Accepted, ResolvedRefs=False/BackendNotFound", for assertion messages.</summary>
    public static string Describe(this IEnumerable<Condition>? conditions) =>
        conditions is null ? "(no status)" : string.Join(", ", conditions.Select(c => $"{c.Type}={c.Status}/{c.Reason}"));

    private static ResourceStatus Find(TranslationResult result, string kind, string? @namespace, string name) =>
        result.Statuses.SingleOrDefault(s => Is(s, kind, @namespace, name))
            ?? throw new InvalidOperationException($"no status for {kind} {@namespace}/{name}");

    private static bool Is(ResourceStatus status, string kind, string? @namespace, string name) =>
        status.Resource.Kind == kind && status.Resource.Namespace == @namespace && status.Resource.Name == name;
}
