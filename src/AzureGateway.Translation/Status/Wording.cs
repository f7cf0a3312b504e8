namespace AzureGateway.Translation.Status;

/// <summary>Small pieces of status messages that must read right for one item or several.</summary>
public static class Wording
{
    /// <summary>"listener http" or "listeners http, https".</summary>
    public static string Listeners(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? $"listener {list[0]}" : $"listeners {string.Join(", ", list)}";
    }

    /// <summary>
    /// Several messages as one sentence: "a; b; c." Each part's own final period is dropped first, so parts that
    /// are sentences themselves do not end up as "a.; b.".
    /// </summary>
    public static string Sentence(IEnumerable<string> parts) =>
        string.Join("; ", parts.Select(p => p.TrimEnd().TrimEnd('.'))) + ".";
}
