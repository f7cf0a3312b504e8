namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Orders hostname patterns most specific first, as the Gateway API requires requests to be matched: exact
/// names, then wildcards with more labels after the <c>*</c> (<c>*.foo.example.com</c> before
/// <c>*.example.com</c>), then the catch-all (<c>*</c>, or no hostname at all). Used for SNI certificates and
/// for virtual hosts, so both pick the same way.
/// </summary>
public sealed class HostnameSpecificity : IComparer<string?>
{
    public const string CatchAll = "*";

    public static readonly HostnameSpecificity Instance = new();

    public int Compare(string? x, string? y)
    {
        var byKind = Rank(x).CompareTo(Rank(y));
        if (byKind != 0 || Rank(x) == 2)
        {
            return byKind;
        }
        var byLabels = Labels(y!).CompareTo(Labels(x!));
        if (byLabels != 0)
        {
            return byLabels;
        }
        var byLength = y!.Length.CompareTo(x!.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }

    private static int Rank(string? hostname) => hostname switch
    {
        null or "" or CatchAll => 2,
        _ when HostnameSyntax.IsWildcard(hostname) => 1,
        _ => 0,
    };

    private static int Labels(string hostname) => hostname.Count(c => c == '.');
}
