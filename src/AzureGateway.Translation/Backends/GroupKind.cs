namespace AzureGateway.Translation.Backends;

/// <summary>Words for a reference's group and kind in status messages.</summary>
internal static class GroupKind
{
    /// <summary>"ConfigMap" for the core group, "kind Foo in group bar.io" otherwise.</summary>
    public static string Describe(string? group, string? kind)
    {
        var shownKind = string.IsNullOrEmpty(kind) ? "(no kind)" : kind;
        return string.IsNullOrEmpty(group) ? shownKind : $"kind {shownKind} in group {group}";
    }
}
