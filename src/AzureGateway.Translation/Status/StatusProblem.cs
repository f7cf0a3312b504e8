namespace AzureGateway.Translation.Status;

/// <summary>Why a condition is False: the spec's reason and a sentence for a person.</summary>
public sealed record StatusProblem(string Reason, string Message)
{
    /// <summary>
    /// Several problems on one condition: the first one's reason (conditions carry one), every message,
    /// each once, in the order found.
    /// </summary>
    public static StatusProblem? Combine(IEnumerable<StatusProblem> problems)
    {
        var list = problems.ToList();
        return list.Count == 0
            ? null
            : new StatusProblem(list[0].Reason, Wording.Sentence(list.Select(p => p.Message).Distinct(StringComparer.Ordinal)));
    }
}
