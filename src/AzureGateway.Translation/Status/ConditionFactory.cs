using AzureGateway.Model;

namespace AzureGateway.Translation.Status;

/// <summary>
/// The one condition builder: stamps every condition with the resource's generation and the translator's
/// clock so that conditions from every stage read alike.
/// </summary>
public sealed class ConditionFactory(TimeProvider time)
{
    public Condition True(string type, string reason, string message, long generation) =>
        Make(type, "True", reason, message, generation);

    public Condition False(string type, string reason, string message, long generation) =>
        Make(type, "False", reason, message, generation);

    private Condition Make(string type, string status, string reason, string message, long generation) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        ObservedGeneration = generation,
        LastTransitionTime = time.GetUtcNow(),
    };
}
