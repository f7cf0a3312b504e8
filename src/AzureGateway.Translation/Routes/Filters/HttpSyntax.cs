using System.Text.RegularExpressions;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// HTTP syntax the CRDs do not check and the data plane needs: the names of a header modifier's <c>remove</c> list
/// (the CRD checks <c>set</c> and <c>add</c> names when the route is read), header values the data plane can send,
/// and cookie names.
/// </summary>
public static partial class HttpSyntax
{
    /// <summary>An HTTP token of 1 to 256 characters (no ":" pseudo-headers, no spaces).</summary>
    public static bool IsHeaderName(string name) => name.Length <= 256 && IsToken(name);

    /// <summary>An HTTP token (RFC 9110): what a header name or a cookie name (RFC 6265) may be.</summary>
    public static bool IsToken(string text) => Token().IsMatch(text);

    /// <summary>
    /// 1 to 4,096 characters without control characters other than tab: a value with a line break would end the
    /// header early (the experimental channel's schema says the same with a pattern).
    /// </summary>
    public static bool IsHeaderValue(string value) =>
        value.Length is > 0 and <= 4096 && !value.Any(c => char.IsControl(c) && c != '\t');

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+\z")]
    private static partial Regex Token();
}
