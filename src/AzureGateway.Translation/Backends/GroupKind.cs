namespace AzureGateway.Translation.Backends;

/// <summary>Words for a reference in status messages.</summary>
internal static class GroupKind
{
    /// <summary>"Pod default/ca" for the core group, "InvalidKind default/ca (group invalid.io)" otherwise.</summary>
    public static string Describe(string? group, string? kind, string ns, string name)
    {
        var shown = $"{(string.IsNullOrEmpty(kind) ? "(no kind)" : kind)} {ns}/{name}";
        return string.IsNullOrEmpty(group) ? shown : $"{shown} (group {group})";
    }
}
