using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Frontend;
using AzureGateway.DataPlane.Metrics;
using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>
/// Compiles a <see cref="GatewayIr"/> into a <see cref="DataPlaneConfig"/>: regular expressions compiled,
/// certificates loaded, one HTTP client per cluster. A cluster whose TLS settings did not change keeps its
/// client (and its pooled connections). Anything the data plane cannot honour safely is logged and, for a
/// cluster, turned into a failure that answers 500: never into plain text or an unverified connection.
/// </summary>
internal sealed partial class DataPlaneConfigBuilder(
    DataPlaneOptions options, IntermediateCipherProfile cipherProfile, DataPlaneMetrics metrics, ILogger<DataPlaneConfigBuilder> logger,
    ILogger<EndpointHealth> healthLogger)
{
    public DataPlaneConfig Build(GatewayIr ir, DataPlaneConfig previous)
    {
        var certificates = CertificateContexts.Load(KeyPairs(ir), previous.Certificates);
        var trustAnchors = new TrustAnchorCache();
        var clusters = new Dictionary<string, BackendCluster>(ir.Clusters.Count, StringComparer.Ordinal);
        foreach (var cluster in ir.Clusters)
        {
            if (!clusters.ContainsKey(cluster.Name))
            {
                clusters[cluster.Name] = BuildCluster(cluster, previous.Clusters.GetValueOrDefault(cluster.Name), certificates, trustAnchors);
            }
        }
        var authorities = ClientCertificateAuthorities.Load(
            ir.Ports.SelectMany(port => port.ListenerTls).Select(listener => listener.ClientValidation).OfType<ClientValidationIr>(),
            previous.ClientCertificateAuthorities,
            trustAnchors);
        var ports = new Dictionary<int, PortConfig>();
        foreach (var port in ir.Ports)
        {
            ports.TryAdd(port.Port, BuildPort(port, previous.Ports.GetValueOrDefault(port.Port), certificates, authorities));
        }
        return new DataPlaneConfig(ir, ports.ToFrozenDictionary(), clusters, certificates, authorities);
    }

    private static IEnumerable<CertificateIr> KeyPairs(GatewayIr ir) =>
        ir.Ports.SelectMany(port => port.ListenerTls.Select(c => c.Certificate))
            .Concat(ir.Clusters.Select(cluster => cluster.Tls?.ClientCertificate).OfType<CertificateIr>());

    private BackendCluster BuildCluster(ClusterIr cluster, BackendCluster? previous, CertificateContexts certificates, TrustAnchorCache trustAnchorCache)
    {
        // The same IR compiles to the same cluster; the IR being the same object (a rotation patched other
        // clusters) makes this check free for most of them.
        if (previous is not null && (ReferenceEquals(previous.Ir, cluster) || previous.Ir.Equals(cluster)))
        {
            return previous;
        }
        if (cluster.Failure is not null)
        {
            return BackendCluster.Failed(cluster, cluster.Failure);
        }
        // The client's connections offer by ALPN what the cluster's protocol says, so a new protocol needs a new client.
        if (previous?.Client is not null && Equals(previous.Tls, cluster.Tls) && previous.Ir.Protocol == cluster.Protocol)
        {
            return BackendCluster.Usable(cluster, previous.Client);
        }
        var connector = CreateConnector(cluster.Name, cluster.Tls, cluster.Protocol, certificates, trustAnchorCache);
        if (connector.Error is not null)
        {
            Log.ClusterUnusable(logger, cluster.Name, connector.Error);
            return BackendCluster.Failed(cluster, connector.Error);
        }
        var client = new BackendHttpClientFactory(connector.Value!, BackendPoolLimits.From(options), options.TraceBackendRequests).CreateClient(cluster.Name);
        return BackendCluster.Usable(cluster, new BackendClient(client, connector.Value!));
    }

    private Result<BackendConnector> CreateConnector(
        string cluster, UpstreamTlsIr? tls, BackendProtocolIr protocol, CertificateContexts certificates, TrustAnchorCache trustAnchorCache)
    {
        var health = new EndpointHealth(
            cluster, options.EndpointEjectionThreshold, options.EndpointEjectionDuration, options.TimeProvider, healthLogger);
        if (tls is null)
        {
            return Result<BackendConnector>.Ok(new BackendConnector(null, options.BackendConnectTimeout, options.TimeProvider, health));
        }
        if (tls.MinVersion > tls.MaxVersion)
        {
            return Result<BackendConnector>.Fail($"TLS minimum version {tls.MinVersion} is above the maximum {tls.MaxVersion}");
        }
        var trustAnchors = new X509Certificate2Collection();
        if (!tls.UseSystemTrust && !tls.InsecureSkipVerify)
        {
            foreach (var trusted in tls.TrustedCertificates)
            {
                var bundle = trustAnchorCache.Read(trusted.CertificatePem);
                if (bundle.Error is not null)
                {
                    return Result<BackendConnector>.Fail($"trusted CA {trusted.Source}: {bundle.Error}");
                }
                trustAnchors.AddRange(bundle.Value!.ToArray());
            }
            if (trustAnchors.Count == 0)
            {
                return Result<BackendConnector>.Fail("no trusted CA certificate is configured, so the backend cannot be verified");
            }
        }
        SslStreamCertificateContext? clientCertificate = null;
        if (tls.ClientCertificate is not null)
        {
            var context = certificates.Get(tls.ClientCertificate);
            if (context.Error is not null)
            {
                return Result<BackendConnector>.Fail($"client certificate {context.Error}");
            }
            clientCertificate = context.Value;
        }
        var verifier = new BackendCertificateVerifier(tls, trustAnchors, options.TimeProvider);
        var handshake = new BackendTlsHandshake(cluster, tls.Sni, Protocols(tls), cipherProfile.Policy, clientCertificate, verifier, new BackendAlpn(protocol), metrics);
        return Result<BackendConnector>.Ok(new BackendConnector(handshake, options.BackendConnectTimeout, options.TimeProvider, health));
    }

    private static SslProtocols Protocols(UpstreamTlsIr tls) =>
        (tls.MinVersion == TlsVersion.Tls12 ? SslProtocols.Tls12 : SslProtocols.None)
        | (tls.MaxVersion == TlsVersion.Tls13 ? SslProtocols.Tls13 : SslProtocols.None);

    private PortConfig BuildPort(PortIr port, PortConfig? previous, CertificateContexts certificates, ClientCertificateAuthorities authorities)
    {
        if (previous is not null && ReferenceEquals(previous.Ir, port))
        {
            return previous;
        }
        var listeners = port.ListenerTls.Select(listener => BuildListenerTls(port.Port, listener, certificates, authorities)).ToList();
        if (port.Protocol == PortProtocol.Https && listeners.TrueForAll(listener => listener.Unusable is not null))
        {
            Log.NoServerCertificate(logger, port.Port);
        }
        var earlier = previous?.VirtualHosts ?? CompiledVirtualHosts.Empty;
        return new PortConfig(
            port,
            listeners,
            earlier.Ir.Equals(port.VirtualHosts) ? earlier : BuildVirtualHosts(port, earlier.Matchers, options.DefaultBackendRequestTimeout, logger));
    }

    private ListenerTlsConfig BuildListenerTls(int port, ListenerTlsIr listener, CertificateContexts certificates, ClientCertificateAuthorities authorities)
    {
        var name = listener.ServerName ?? "*";
        var certificate = certificates.Get(listener.Certificate);
        var cipherSuites = AllowedCipherSuites.Parse(listener.CipherSuites);
        var unusable = certificate.Error is not null ? $"certificate {certificate.Error}" : cipherSuites.Error;
        if (unusable is not null)
        {
            Log.ListenerUnusable(logger, port, name, unusable);
        }
        ClientCertificateVerifier? verifier = null;
        if (listener.ClientValidation is { } validation)
        {
            var anchors = authorities.Get(validation);
            var refuseAll = validation.RefuseAllBecause ?? anchors.Error;
            if (refuseAll is not null)
            {
                Log.ClientValidationUnusable(logger, port, name, refuseAll);
            }
            verifier = new ClientCertificateVerifier(validation, anchors.Value ?? [], refuseAll, options.TimeProvider);
        }
        return new ListenerTlsConfig(
            listener, certificate.Value, cipherSuites.Value?.Protocols ?? SslProtocols.None, cipherSuites.Value?.Policy ?? cipherProfile.Policy, verifier, unusable);
    }

    /// <summary>The routes of a port compiled, reusing <paramref name="previousMatchers"/>; a route whose match cannot be compiled is left out.</summary>
    public static CompiledVirtualHosts BuildVirtualHosts(
        PortIr port, IReadOnlyDictionary<RouteMatchIr, RouteMatcher> previousMatchers, TimeSpan defaultBackendRequestTimeout, ILogger logger)
    {
        var matchers = new Dictionary<RouteMatchIr, RouteMatcher>();
        var hosts = new List<(string?, VirtualHost)>();
        foreach (var host in port.VirtualHosts)
        {
            var routes = new List<GatewayRoute>();
            foreach (var route in host.Routes)
            {
                if (!matchers.TryGetValue(route.Match, out var compiled) && !previousMatchers.TryGetValue(route.Match, out compiled))
                {
                    var matcher = RouteMatcher.Compile(route.Match);
                    if (matcher.Error is not null)
                    {
                        // Skipped rather than matching nothing or everything; later routes still serve.
                        Log.RouteUnusable(logger, route.Name, port.Port, host.Hostname, matcher.Error);
                        continue;
                    }
                    compiled = matcher.Value!;
                }
                matchers[route.Match] = compiled;
                if (route.Failure is not null)
                {
                    Log.RouteFails(logger, route.Name, port.Port, host.Hostname, route.Failure);
                }
                routes.Add(RouteCompiler.Compile(route, compiled, defaultBackendRequestTimeout));
            }
            hosts.Add((host.Hostname, new VirtualHost(host.Hostname, routes)));
        }
        return new CompiledVirtualHosts(port.VirtualHosts, new HostnameTable<VirtualHost>(hosts), matchers);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {Cluster} cannot be used and answers 500: {Reason}")]
        public static partial void ClusterUnusable(ILogger logger, string cluster, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Port {Port}: listener {ServerName} refuses every TLS handshake: {Reason}")]
        public static partial void ListenerUnusable(ILogger logger, int port, string serverName, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Port {Port}: listener {ServerName} refuses every client, whatever its certificate: {Reason}")]
        public static partial void ClientValidationUnusable(ILogger logger, int port, string serverName, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Port {Port} is HTTPS but has no usable certificate; its TLS handshakes will fail")]
        public static partial void NoServerCertificate(ILogger logger, int port);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Route {Route} on port {Port} host {Host} answers 500: {Reason}")]
        public static partial void RouteFails(ILogger logger, string route, int port, string host, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Route {Route} on port {Port} host {Host} is skipped: {Reason}")]
        public static partial void RouteUnusable(ILogger logger, string route, int port, string host, string reason);
    }
}
