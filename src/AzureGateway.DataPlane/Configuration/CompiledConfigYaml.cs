using System.Globalization;
using System.Security.Authentication;
using AzureGateway.DataPlane.Filters;
using AzureGateway.DataPlane.Frontend;
using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;
using Microsoft.Extensions.Logging.Abstractions;
using YamlDotNet.Serialization;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>
/// Renders what the data plane compiles from an IR as YAML: per port, the TLS of its listeners in the order an SNI is tried
/// against them (certificate, cipher suites, client certificate validation, what becomes of the client certificate
/// headers), the virtual hosts in the order a Host header is
/// tried against them, each with its routes in order, their compiled match, what they answer themselves (failure,
/// redirect, CORS preflights), their limits and retry as applied (defaults filled in), and per backend the edits its
/// transformer makes and its mirrors; then the clusters with the destinations requests go to. A change to the data
/// plane shows as a diff of this text (the golden files of the data-plane tests).
/// </summary>
public static class CompiledConfigYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    public static string Render(GatewayIr ir, DataPlaneOptions options) => Serializer.Serialize(new Dictionary<string, object?>
    {
        ["ports"] = ir.Ports.DistinctBy(p => p.Port).Select(port => Port(port, options)).ToList(),
        ["clusters"] = ir.Clusters.DistinctBy(c => c.Name).Select(Cluster).ToList(),
    });

    private static Dictionary<string, object?> Port(PortIr port, DataPlaneOptions options)
    {
        var compiled = DataPlaneConfigBuilder.BuildVirtualHosts(
            port, new Dictionary<RouteMatchIr, RouteMatcher>(), options.DefaultBackendRequestTimeout, NullLogger.Instance);
        var listeners = new HostnameTable<ListenerTlsIr>(port.ListenerTls.Select(l => (l.ServerName, l)));
        return Entries(
            ("port", port.Port),
            ("protocol", port.Protocol.ToString()),
            ("listenerTls", port.ListenerTls.Count == 0 ? null : listeners.InLookupOrder().Select(l => ListenerTls(l.Pattern, l.Value)).ToList()),
            ("virtualHosts", compiled.Table.InLookupOrder().Select(host => VirtualHost(host.Pattern, host.Value, port)).ToList()));
    }

    private static Dictionary<string, object?> ListenerTls(string pattern, ListenerTlsIr listener)
    {
        var cipherSuites = AllowedCipherSuites.Parse(listener.CipherSuites);
        var validation = listener.ClientValidation;
        return Entries(
            ("serverName", pattern),
            ("certificate", listener.Certificate.Subject),
            ("cipherSuites", cipherSuites.Error is not null ? $"unusable, every handshake is refused: {cipherSuites.Error}"
                : listener.CipherSuites.Count == 0 ? "default"
                : string.Join(", ", listener.CipherSuites)),
            ("versions", cipherSuites.Value is null ? null : Versions(cipherSuites.Value.Protocols)),
            ("clientValidation", validation is null ? "none: no client certificate is asked for" : ClientValidation(validation)),
            (ClientCertificateHeaders.ForwardedClientCert, ForwardedClientCert(listener.ForwardClientCert, validation is not null)),
            (ClientCertificateHeaders.Verify, validation is null ? "removed" : "set to SUCCESS, NONE or FAILED:<reason>"));
    }

    private static Dictionary<string, object?> ClientValidation(ClientValidationIr validation) => Entries(
        ("mode", validation.Mode switch
        {
            ClientCertificateMode.RequireValid => "RequireValid: a client without a valid certificate is refused",
            ClientCertificateMode.AllowMissing => "AllowMissing: a client without a certificate is served, one with an invalid certificate refused",
            _ => "AllowInsecureFallback: every client is served, the backend is told whether its certificate was valid",
        }),
        ("trustedCas", validation.TrustedCertificates.Count == 0 ? "none" : validation.TrustedCertificates.Select(ca => ca.Subject).ToList()),
        ("subjectAltNames", validation.SubjectAltNames.Count == 0 ? "any" : $"one of {string.Join(", ", validation.SubjectAltNames)}"),
        ("refusesEveryClient", validation.RefuseAllBecause
            ?? (validation.TrustedCertificates.Count == 0 ? ClientCertificateAuthorities.NoneTrusted : null)));

    private static string ForwardedClientCert(ForwardClientCertIr forward, bool verifies)
    {
        var details = string.Join(", ", ForwardedClientCertElement.Details.Where(forward.Details.Contains).Prepend("Hash"));
        return forward.Mode switch
        {
            ForwardClientCertMode.AlwaysForwardOnly => "AlwaysForwardOnly: forwarded as the client sent it",
            ForwardClientCertMode.Sanitize => "Sanitize: removed",
            _ when !verifies => $"{forward.Mode}: removed, as no client certificate is verified here",
            ForwardClientCertMode.ForwardOnly => "ForwardOnly: forwarded as the client sent it when its certificate is verified, else removed",
            ForwardClientCertMode.AppendForward => $"AppendForward: {details} of a verified certificate appended to what the client sent, else removed",
            _ => $"SanitizeSet: set to {details} of a verified certificate, else removed",
        };
    }

    private static string Versions(SslProtocols protocols) => protocols switch
    {
        SslProtocols.Tls12 => "TLS 1.2",
        SslProtocols.Tls13 => "TLS 1.3",
        _ => "TLS 1.2 and 1.3",
    };

    private static Dictionary<string, object?> VirtualHost(string pattern, VirtualHost host, PortIr port)
    {
        var compiled = host.Routes.Select(r => r.Ir).ToHashSet(ReferenceEqualityComparer.Instance);
        var skipped = port.VirtualHosts.Where(h => h.Hostname == host.Hostname)
            .SelectMany(h => h.Routes).Where(r => !compiled.Contains(r)).Select(r => r.Name).ToList();
        return Entries(
            ("hostname", pattern),
            ("routes", host.Routes.Select(Route).ToList()),
            ("skippedRoutes", skipped.Count == 0 ? null : skipped));
    }

    private static Dictionary<string, object?> Route(GatewayRoute route)
    {
        // A route that answers itself never forwards, so its limits, retry and backends never apply.
        var forwards = route.Failure is null && route.Redirect is null;
        return Entries(
            ("name", route.Name),
            ("match", route.Matcher.ToString()),
            ("failure", route.Failure is null ? null : $"answers 500: {route.Failure}"),
            ("corsPreflight", route.Cors is null ? null : Cors(route.Cors.Ir)),
            ("redirect", route.Redirect is null ? null : Redirect(route.Redirect.Ir)),
            ("timeouts", !forwards ? null : Entries(
                ("request", Duration(route.Timeouts.Request)),
                ("backendRequest", Duration(route.Timeouts.BackendRequest)
                    + (route.Ir.Timeouts is null or { Request: null, BackendRequest: null } ? " (data plane default)" : "")))),
            ("retry", !forwards || route.Retry is null ? null : Entries(
                ("codes", string.Join(", ", route.Retry.Ir.Codes)),
                ("attempts", route.Retry.Attempts),
                ("backoff", Duration(route.Retry.Backoff) + (route.Retry.Ir.Backoff is null ? " (default)" : "")))),
            ("sessionAffinity", !forwards || route.SessionAffinity is null ? null : Entries(
                ("type", route.SessionAffinity.Ir.Type.ToString()),
                ("cookie", route.SessionAffinity.Ir.CookieName),
                ("maxAge", route.SessionAffinity.Ir.CookieDuration is { } age ? Duration(age) : "session"))),
            ("backends", !forwards ? null : route.Backends.WithWeights().Any()
                ? route.Backends.WithWeights().Select(b => Backend(b.Backend, b.Weight)).ToList()
                : "none with a positive weight: answers 500"));
    }

    private static Dictionary<string, object?> Backend(RouteBackend backend, long weight)
    {
        var transformer = backend.Transformer as RouteTransformer;
        return Entries(
            ("cluster", backend.Cluster),
            ("weight", weight),
            ("transformer", transformer is null ? "none: forwarded as received, Host included" : null),
            ("requestHeaders", transformer?.RequestHeaders?.Describe().ToList()),
            ("hostname", transformer?.Hostname),
            ("path", transformer?.Path?.ToString()),
            ("responseHeaders", transformer?.ResponseHeaders?.Describe().ToList()),
            ("corsAnswerHeaders", transformer?.Cors is null ? null : "added for allowed origins"),
            ("mirrors", backend.Mirrors.Count == 0 ? null : backend.Mirrors.Select(m => $"{m.Cluster} ({m.Numerator}/{m.Denominator})").ToList()));
    }

    private static Dictionary<string, object?> Cors(CorsIr cors) => Entries(
        ("allowOrigins", string.Join(", ", cors.AllowOrigins)),
        ("allowMethods", cors.AllowMethods.Count == 0 ? null : string.Join(", ", cors.AllowMethods)),
        ("allowHeaders", cors.AllowHeaders.Count == 0 ? null : string.Join(", ", cors.AllowHeaders)),
        ("exposeHeaders", cors.ExposeHeaders.Count == 0 ? null : string.Join(", ", cors.ExposeHeaders)),
        ("allowCredentials", cors.AllowCredentials),
        ("maxAge", Duration(TimeSpan.FromSeconds(cors.MaxAgeSeconds))));

    private static Dictionary<string, object?> Redirect(RedirectIr redirect) => Entries(
        ("status", redirect.StatusCode),
        ("scheme", redirect.Scheme ?? "the request's"),
        ("hostname", redirect.Hostname ?? "the request's"),
        ("port", redirect.Port?.ToString(CultureInfo.InvariantCulture)
            ?? (redirect.Scheme is null ? "the listener's" : $"the well-known port of {redirect.Scheme}")),
        ("path", PathRewrite.Of(redirect.Path)?.ToString() ?? "the request's"));

    private static Dictionary<string, object?> Cluster(ClusterIr cluster) => Entries(
        ("name", cluster.Name),
        ("failure", cluster.Failure),
        ("endpoints", cluster.Endpoints.Count == 0 ? "none: answers 503" : cluster.Endpoints.Select(e => $"{e.Host}:{e.Port}").ToList()),
        ("tls", cluster.Tls is null ? "none: plain HTTP" : Tls(cluster.Tls)),
        ("httpVersion", HttpVersion(cluster)));

    /// <summary>How the cluster's endpoints are spoken to; null for HTTP/1.1, the default, which is not written.</summary>
    private static string? HttpVersion(ClusterIr cluster) => (cluster.Protocol, cluster.Tls is null) switch
    {
        (BackendProtocolIr.Http2, true) => "HTTP/2 by prior knowledge (h2c)",
        (BackendProtocolIr.Http2, false) => "HTTP/2 (ALPN h2 only)",
        (BackendProtocolIr.Negotiated, false) => "HTTP/2 or HTTP/1.1, as the backend chooses by ALPN",
        _ => null,
    };

    private static Dictionary<string, object?> Tls(UpstreamTlsIr tls) => Entries(
        ("sni", tls.Sni),
        ("verify", tls.InsecureSkipVerify ? "nothing (insecureSkipVerify)"
            : (tls.UseSystemTrust ? "system roots" : string.Join(", ", tls.TrustedCertificates.Select(c => c.Subject)))
              + ", names " + (tls.SubjectAltNames.Count == 0 ? tls.Sni : string.Join(", ", tls.SubjectAltNames.Select(n => n.Value)))),
        ("clientCertificate", tls.ClientCertificate?.Subject),
        ("versions", $"{tls.MinVersion} to {tls.MaxVersion}"));

    /// <summary>A duration as the Gateway API writes it ("15s", "1s500ms"); zero is no limit.</summary>
    private static string Duration(TimeSpan value) => value <= TimeSpan.Zero ? "none" : DurationText.Format(value);

    /// <summary>A mapping of the entries that have a value, in the order given.</summary>
    private static Dictionary<string, object?> Entries(params (string Key, object? Value)[] entries) =>
        entries.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value);
}
