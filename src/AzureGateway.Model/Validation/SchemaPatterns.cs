using System.Text.RegularExpressions;

namespace AzureGateway.Model.Validation;

/// <summary>A pattern a CRD declares for a string, with the words a refusal uses for it.</summary>
internal sealed class SchemaPattern(Regex regex, string description)
{
    public string Description { get; } = description;

    public bool IsMatch(string value) => regex.IsMatch(value);
}

/// <summary>
/// The patterns of the Gateway API v1.6.1 CRDs for the fields the gateway reads, written as the types its Go API
/// names them (<c>Hostname</c>, <c>HTTPHeaderName</c>, <c>Duration</c>...). <c>\z</c> ends each: .NET's <c>$</c>
/// also matches before a final newline, which the API server's regular expressions do not allow.
/// </summary>
internal static partial class SchemaPatterns
{
    /// <summary><c>Hostname</c>: a lower-case DNS name, optionally with one leading <c>*.</c> label.</summary>
    public static readonly SchemaPattern Hostname = new(HostnameRegex(), "a lower-case DNS name, optionally starting with \"*.\"");

    /// <summary><c>PreciseHostname</c> and <c>SectionName</c>: a lower-case DNS subdomain, no wildcard.</summary>
    public static readonly SchemaPattern DnsSubdomain = new(DnsSubdomainRegex(), "a lower-case DNS name without wildcard");

    /// <summary><c>Namespace</c>: a DNS label.</summary>
    public static readonly SchemaPattern Namespace = new(DnsLabelRegex(), "a lower-case DNS label");

    /// <summary><c>Group</c>: empty (the core group) or a DNS subdomain.</summary>
    public static readonly SchemaPattern Group = new(GroupRegex(), "empty or a lower-case DNS name");

    /// <summary><c>Kind</c>: a letter, then letters, digits and inner dashes.</summary>
    public static readonly SchemaPattern Kind = new(KindRegex(), "a kind name (a letter, then letters, digits or dashes)");

    /// <summary><c>HTTPHeaderName</c>: the token characters of RFC 7230.</summary>
    public static readonly SchemaPattern HeaderName = new(HeaderNameRegex(), "an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)");

    /// <summary><c>Duration</c>: one to four numbers of up to five digits, each with h, m, s or ms.</summary>
    public static readonly SchemaPattern Duration = new(DurationRegex(), "a Gateway API duration such as 10s, 1h30m or 500ms");

    /// <summary><c>ProtocolType</c>: a name like HTTPS, or a domain-prefixed one like example.com/proto.</summary>
    public static readonly SchemaPattern Protocol = new(ProtocolRegex(), "a protocol name (HTTP, HTTPS or a domain-prefixed name)");

    /// <summary><c>GatewayController</c>: a domain-prefixed path such as example.com/gateway-controller.</summary>
    public static readonly SchemaPattern ControllerName = new(ControllerNameRegex(), "a domain-prefixed path such as example.com/controller");

    /// <summary>The characters the CRD's CEL rule allows in an Exact or PathPrefix path.</summary>
    public static readonly SchemaPattern PathValue = new(PathValueRegex(),
        "made of the characters a URL path allows (letters, digits, -/._~!$&'()*+,;=:@ and %XX escapes)");

    /// <summary>A CORS origin: <c>*</c> alone, or http(s)://host[:port] whose host may be or start with a <c>*</c> label.</summary>
    public static readonly SchemaPattern Origin = new(OriginRegex(), "an origin such as https://example.com, https://*.example.com:8443 or *");

    /// <summary>A subjectAltName URI: a scheme, then <c>//</c> and an authority (RFC 3986's shape, as the CRD writes it).</summary>
    public static readonly SchemaPattern AbsoluteUri = new(AbsoluteUriRegex(), "an absolute URI such as spiffe://example.com/app");

    /// <summary>The GRPCRoute CEL rule's service: dot-separated identifiers (case-insensitive), optionally after a dot.</summary>
    public static readonly SchemaPattern GrpcService = new(GrpcServiceRegex(), "a gRPC service name such as package.Service");

    /// <summary>The GRPCRoute CEL rule's method: one identifier.</summary>
    public static readonly SchemaPattern GrpcMethod = new(GrpcMethodRegex(), "a gRPC method name (a letter or _, then letters, digits or _)");

    private const string Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Subdomain = Label + @"(\." + Label + ")*";

    [GeneratedRegex(@"^(\*\.)?" + Subdomain + @"\z")]
    private static partial Regex HostnameRegex();

    [GeneratedRegex("^" + Subdomain + @"\z")]
    private static partial Regex DnsSubdomainRegex();

    [GeneratedRegex("^" + Label + @"\z")]
    private static partial Regex DnsLabelRegex();

    [GeneratedRegex(@"^(" + Subdomain + @")?\z")]
    private static partial Regex GroupRegex();

    [GeneratedRegex(@"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+\z")]
    private static partial Regex PathValueRegex();

    [GeneratedRegex(@"^\*\z|^https?://((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:[0-9]{1,5})?\z")]
    private static partial Regex OriginRegex();

    // Not anchored at the end, as in the CRD: what follows the authority is free.
    [GeneratedRegex(@"^([^:/?#]+):(//([^/?#]*))")]
    private static partial Regex AbsoluteUriRegex();

    [GeneratedRegex(@"^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GrpcServiceRegex();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z_0-9]*\z")]
    private static partial Regex GrpcMethodRegex();

    [GeneratedRegex(@"^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?\z")]
    private static partial Regex KindRegex();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+\z")]
    private static partial Regex HeaderNameRegex();

    [GeneratedRegex(@"^([0-9]{1,5}(h|m|s|ms)){1,4}\z")]
    private static partial Regex DurationRegex();

    // As the CRD writes it: the domain-prefixed alternative is not anchored at the start.
    [GeneratedRegex(@"^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?\z|" + Subdomain + @"/[A-Za-z0-9]+\z")]
    private static partial Regex ProtocolRegex();

    [GeneratedRegex("^" + Subdomain + @"/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+\z")]
    private static partial Regex ControllerNameRegex();
}
