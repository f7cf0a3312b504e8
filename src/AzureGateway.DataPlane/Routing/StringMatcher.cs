using System.Text.RegularExpressions;
using AzureGateway.Certificates;

namespace AzureGateway.DataPlane.Routing;

/// <summary>A value compared exactly, or matched in full by a regular expression compiled once per configuration.</summary>
internal sealed class StringMatcher
{
    /// <summary>Bounds the time one match may take, so a pathological pattern cannot stall a request.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly string? _exact;
    private readonly Regex? _regex;

    private StringMatcher(string? exact, Regex? regex)
    {
        _exact = exact;
        _regex = regex;
    }

    public static StringMatcher Exact(string value) => new(value, null);

    /// <summary>A full match of <paramref name="pattern"/>, or the reason it does not compile.</summary>
    public static Result<StringMatcher> FullRegex(string pattern)
    {
        try
        {
            // Anchored here rather than trusting the author: Gateway API regex matches are full matches.
            var regex = new Regex($"^(?:{pattern})\\z", RegexOptions.CultureInvariant, MatchTimeout);
            return Result<StringMatcher>.Ok(new StringMatcher(null, regex));
        }
        catch (ArgumentException e)
        {
            return Result<StringMatcher>.Fail($"regular expression '{pattern}' does not compile: {e.Message}");
        }
    }

    public override string ToString() => _regex is null ? $"= {_exact}" : $"~ {_regex}";

    public bool IsMatch(string value)
    {
        if (_regex is null)
        {
            return string.Equals(value, _exact, StringComparison.Ordinal);
        }
        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            // A match that takes this long is treated as no match rather than failing the request.
            return false;
        }
    }
}
