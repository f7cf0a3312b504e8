using System.Collections.Frozen;

namespace AzureGateway.DataPlane.Routing;

/// <summary>
/// Finds the entry for a host name the way Gateway API listeners and routes pick one: the exact name first,
/// then the longest <c>*.suffix</c> wildcard (which stands for one or more leading labels), then the
/// catch-all entry (<c>*</c> or no name). Names compare case-insensitively; the first of two equal patterns wins.
/// </summary>
internal sealed class HostnameTable<T>
    where T : class
{
    private readonly FrozenDictionary<string, T> _exact;

    /// <summary>Suffixes with their leading dot (".example.com"), longest first.</summary>
    private readonly (string Suffix, T Value)[] _wildcards;

    private readonly T? _catchAll;

    public HostnameTable(IEnumerable<(string? Pattern, T Value)> entries)
    {
        var exact = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<(string Suffix, T Value)>();
        foreach (var (pattern, value) in entries)
        {
            if (pattern is null or "*")
            {
                _catchAll ??= value;
            }
            else if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var suffix = pattern[1..];
                if (!wildcards.Exists(w => string.Equals(w.Suffix, suffix, StringComparison.OrdinalIgnoreCase)))
                {
                    wildcards.Add((suffix, value));
                }
            }
            else
            {
                exact.TryAdd(pattern, value);
            }
        }
        _exact = exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        // A stable sort keeps the IR's order among suffixes of equal length.
        _wildcards = [.. wildcards.OrderByDescending(w => w.Suffix.Length)];
    }

    /// <summary>
    /// The entries in the order a host name is tried against them: exact names (each found directly, listed by name),
    /// then wildcards longest suffix first, then the catch-all.
    /// </summary>
    public IEnumerable<(string Pattern, T Value)> InLookupOrder() =>
        _exact.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase).Select(e => (e.Key, e.Value))
            .Concat(_wildcards.Select(w => ("*" + w.Suffix, w.Value)))
            .Concat(_catchAll is null ? [] : new[] { ("*", _catchAll) });

    /// <summary>The entry for <paramref name="hostname"/>, or null when none matches.</summary>
    public T? Find(string? hostname)
    {
        if (string.IsNullOrEmpty(hostname))
        {
            return _catchAll;
        }
        // "example.com." names the same host as "example.com".
        if (hostname.EndsWith('.'))
        {
            hostname = hostname[..^1];
        }
        if (_exact.TryGetValue(hostname, out var value))
        {
            return value;
        }
        foreach (var (suffix, wildcard) in _wildcards)
        {
            if (hostname.Length > suffix.Length && hostname.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return wildcard;
            }
        }
        return _catchAll;
    }
}
