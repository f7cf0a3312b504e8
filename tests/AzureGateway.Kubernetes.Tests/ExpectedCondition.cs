using AzureGateway.Kubernetes.Tests.ApiServer;

namespace AzureGateway.Kubernetes.Tests;

/// <summary>
/// A condition a stored object's status should hold: True, with this reason (and message, when given), observed at
/// the object's current generation. <see cref="Path"/> leads from <c>status</c> to the conditions, dot-separated.
/// </summary>
public sealed record ExpectedCondition(
    string Group, string Plural, string? Namespace, string Name, string Path, string Type, string Reason, string? Message = null)
{
    /// <summary>Null when <paramref name="server"/> holds the condition; otherwise what it holds instead.</summary>
    public string? Mismatch(TestApiServer server)
    {
        var where = $"{Plural}.{Group} {Namespace}/{Name} {Path} {Type}";
        var stored = server.Get(Group, Plural, Namespace, Name);
        if (stored is null)
        {
            return $"{where}: no such object";
        }
        var condition = StatusConditions.At(stored["status"], Path.Split('.'))
            .SingleOrDefault(c => c["type"]?.GetValue<string>() == Type);
        var generation = stored["metadata"]?["generation"]?.GetValue<long>();
        var holds = condition is not null
            && condition["status"]?.GetValue<string>() == "True"
            && condition["reason"]?.GetValue<string>() == Reason
            && (Message is null || condition["message"]?.GetValue<string>() == Message)
            && condition["observedGeneration"]?.GetValue<long>() == generation;
        return holds
            ? null
            : $"{where}: want True/{Reason}{(Message is null ? "" : $" \"{Message}\"")} at generation {generation}, have {condition?.ToJsonString() ?? "none"}";
    }
}
