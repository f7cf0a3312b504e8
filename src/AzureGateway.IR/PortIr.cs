namespace AzureGateway.IR;

public enum PortProtocol
{
    Http,
    Https,
}

/// <summary>
/// One listening port. Several Gateway listeners may share it: they become several certificates (chosen by
/// SNI) and several virtual hosts (chosen by the Host header).
/// </summary>
public sealed record PortIr
{
    /// <summary>The port as the Gateway declares it; the data plane may add an offset.</summary>
    public required int Port { get; init; }
    public required PortProtocol Protocol { get; init; }

    /// <summary>
    /// Certificates for TLS termination, most specific SNI pattern first. A null <c>ServerName</c> matches
    /// any SNI (a listener without a hostname). Empty for HTTP ports.
    /// </summary>
    public EquatableArray<ServerCertificateIr> Certificates { get; init; } = EquatableArray<ServerCertificateIr>.Empty;

    /// <summary>Virtual hosts, most specific hostname first; "*" matches every host.</summary>
    public EquatableArray<VirtualHostIr> VirtualHosts { get; init; } = EquatableArray<VirtualHostIr>.Empty;

    /// <summary>
    /// On an HTTPS port shared by several listeners, the hostname of each ("*" for a listener without one), most
    /// specific first: a request whose Host belongs to another listener than the one its TLS server name chose is
    /// answered 421 Misdirected Request. Empty otherwise: with one listener, or on HTTP, the Host alone decides.
    /// </summary>
    public EquatableArray<string> ListenerHostnames { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>A certificate presented to clients whose SNI matches <c>ServerName</c> (exact or "*.suffix").</summary>
public sealed record ServerCertificateIr
{
    public string? ServerName { get; init; }
    public required CertificateIr Certificate { get; init; }
}

/// <summary>The routes of one hostname (exact, "*.suffix" wildcard, or "*"), tried in order.</summary>
public sealed record VirtualHostIr
{
    public required string Hostname { get; init; }
    public EquatableArray<RouteIr> Routes { get; init; } = EquatableArray<RouteIr>.Empty;
}
