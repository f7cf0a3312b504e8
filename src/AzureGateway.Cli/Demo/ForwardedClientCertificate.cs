using System.Text;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// A client certificate as a proxy describes it to the backend in <c>X-Forwarded-Client-Cert</c>, in Envoy's format:
/// <c>Hash=&lt;SHA-256 hex&gt;;Subject="CN=...";URI=...;DNS=...</c>. Each proxy that forwards one adds an element,
/// separated by commas; a value holding <c>,</c> <c>;</c> or <c>=</c> is double-quoted, with <c>\"</c> inside.
/// </summary>
public sealed record ForwardedClientCertificate(string? Hash, string? Subject)
{
    /// <summary>
    /// The last element, the one the nearest proxy (the gateway) added; null when the header describes none.
    /// </summary>
    public static ForwardedClientCertificate? Parse(string header) =>
        Elements(header).LastOrDefault(element => element.Count > 0) is { } last
            ? new ForwardedClientCertificate(last.GetValueOrDefault("Hash"), last.GetValueOrDefault("Subject"))
            : null;

    private static List<Dictionary<string, string>> Elements(string header)
    {
        var elements = new List<Dictionary<string, string>> { NewElement() };
        var key = new StringBuilder();
        var value = new StringBuilder();
        var current = key;
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < header.Length)
                {
                    current.Append(header[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case '=' when current == key:
                    current = value;
                    break;
                case ';':
                    EndPair();
                    break;
                case ',':
                    EndPair();
                    elements.Add(NewElement());
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }
        EndPair();
        return elements;

        void EndPair()
        {
            var name = key.ToString().Trim();
            if (name.Length > 0)
            {
                elements[^1][name] = value.ToString().Trim();
            }
            key.Clear();
            value.Clear();
            current = key;
        }
    }

    // Envoy writes the keys as Hash, Subject, URI; a proxy that spells them otherwise still means the same.
    private static Dictionary<string, string> NewElement() => new(StringComparer.OrdinalIgnoreCase);
}
