namespace AzureGateway.DataPlane.Routing;

/// <summary>
/// Reads a query parameter by its exact name. ASP.NET Core's query collection folds names case-insensitively,
/// and Gateway API query matches compare names exactly, so the raw query string is read here instead.
/// </summary>
internal static class QueryParameters
{
    /// <summary>The first value of <paramref name="name"/> in <paramref name="query"/> ("?a=1&amp;b=2"), or null.</summary>
    public static string? FirstValue(string? query, string name)
    {
        if (string.IsNullOrEmpty(query))
        {
            return null;
        }
        var rest = query.AsSpan(query[0] == '?' ? 1 : 0);
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var equals = pair.IndexOf('=');
            var key = Unescape(equals < 0 ? pair : pair[..equals]);
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return equals < 0 ? "" : Unescape(pair[(equals + 1)..]);
            }
        }
        return null;
    }

    private static string Unescape(ReadOnlySpan<char> text) => Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
}
