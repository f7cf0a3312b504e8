namespace AzureGateway.IR;

public enum PortProtocol
{
    Http,
    Https,

    /// <summary>TLS connections routed by their ClientHello's server name (TLSRoute), passed through or terminated.</summary>
    Tls,
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
    /// TLS termination of each listener, most specific SNI pattern first. A null <c>ServerName</c> matches
    /// any SNI (a listener without a hostname). Empty for HTTP ports.
    /// </summary>
    public EquatableArray<ListenerTlsIr> ListenerTls { get; init; } = EquatableArray<ListenerTlsIr>.Empty;

    /// <summary>Virtual hosts, most specific hostname first; "*" matches every host.</summary>
    public EquatableArray<VirtualHostIr> VirtualHosts { get; init; } = EquatableArray<VirtualHostIr>.Empty;

    /// <summary>
    /// On an HTTPS port shared by several listeners, the hostname of each ("*" for a listener without one), most
    /// specific first: a request whose Host belongs to another listener than the one its TLS server name chose is
    /// answered 421 Misdirected Request. Empty otherwise: with one listener, or on HTTP, the Host alone decides.
    /// </summary>
    public EquatableArray<string> ListenerHostnames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>On a TLS port, the TLSRoutes by SNI hostname, most specific first; empty otherwise.</summary>
    public EquatableArray<TlsRouteIr> TlsRoutes { get; init; } = EquatableArray<TlsRouteIr>.Empty;
}

/// <summary>The routes of one hostname (exact, "*.suffix" wildcard, or "*"), tried in order.</summary>
public sealed record VirtualHostIr
{
    public required string Hostname { get; init; }
    public EquatableArray<RouteIr> Routes { get; init; } = EquatableArray<RouteIr>.Empty;
}
