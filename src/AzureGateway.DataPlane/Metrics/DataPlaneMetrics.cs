using System.Diagnostics.Metrics;
using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Frontend;

namespace AzureGateway.DataPlane.Metrics;

/// <summary>
/// The data plane's instruments, on the meter <see cref="GatewayDataPlane.MeterName"/>. Requests are counted by
/// ASP.NET Core's own <c>http.server.request.duration</c>, which <see cref="GatewayRequestHandler"/> tags with the
/// route; this class adds what only the data plane knows. Nothing here runs per request that succeeds.
/// </summary>
internal sealed class DataPlaneMetrics
{
    public const string HandshakeFailures = "azuregateway.backend.tls_handshake.failures";
    public const string ClientCertificateFailures = "azuregateway.frontend.client_certificate.failures";
    public const string ClientFailures = "azuregateway.frontend.client_failures";
    public const string TimeToExpiry = "azuregateway.certificate.time_to_expiry";
    public const string Rotations = "azuregateway.certificate.rotations";
    public const string EjectedEndpoints = "azuregateway.backend.endpoints.ejected";

    private readonly Counter<long> _handshakeFailures;
    private readonly Counter<long> _clientCertificateFailures;
    private readonly Counter<long> _rotations;
    private readonly Counter<long> _clientFailures;

    public DataPlaneMetrics(IMeterFactory meterFactory, ActiveConfig active, TimeProvider time)
    {
        var meter = meterFactory.Create(GatewayDataPlane.MeterName);
        _handshakeFailures = meter.CreateCounter<long>(HandshakeFailures, "{handshake}",
            "TLS handshakes with backends that failed, by reason");
        _clientCertificateFailures = meter.CreateCounter<long>(ClientCertificateFailures, "{handshake}",
            "Client certificates that failed verification on listeners that verify them, by reason, refused or served by the listener's fallback");
        _clientFailures = meter.CreateCounter<long>(ClientFailures, "{event}",
            "Clients refused for what they sent (TLS handshakes, request bodies over the limit, HTTP/2 floods), by kind and reason");
        _rotations = meter.CreateCounter<long>(Rotations, "{rotation}",
            "Certificates replaced by a new one from the same source in a configuration applied");
        meter.CreateObservableGauge(EjectedEndpoints, () => Ejected(active.Current), "{endpoint}",
            "Backend endpoints out of the rotation now, because their connections failed (passive health) or their health probes did, by cluster");
        meter.CreateObservableGauge(TimeToExpiry, () => Expiries(active.Current, time.GetUtcNow()), "d",
            "Days until each certificate the served configuration uses expires (negative once expired)");
    }

    /// <summary>A TLS handshake with a backend of <paramref name="cluster"/> failed for <paramref name="kind"/>.</summary>
    public void HandshakeFailed(string cluster, BackendFailureKind kind) =>
        _handshakeFailures.Add(1,
            new KeyValuePair<string, object?>("error.type", Reason(kind)),
            new KeyValuePair<string, object?>("azuregateway.cluster", cluster));

    /// <summary>A client certificate failed verification, and the handshake was refused or served anyway.</summary>
    public void ClientCertificateFailed(ClientCertificateFailure failure, bool refused) =>
        _clientCertificateFailures.Add(1,
            new KeyValuePair<string, object?>("reason", failure.Name),
            new KeyValuePair<string, object?>("outcome", refused ? "refused" : "served"));

    /// <summary>A client was refused for what it sent (see <c>ClientFailureLog</c>).</summary>
    public void ClientFailed(string kind, string reason) =>
        _clientFailures.Add(1,
            new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts the sources whose certificates differ between two configurations, once the second is served.</summary>
    public void Applied(DataPlaneConfig previous, DataPlaneConfig next)
    {
        if (!_rotations.Enabled)
        {
            return;
        }
        var before = Thumbprints(previous.CertificatesInUse);
        foreach (var (source, thumbprints) in Thumbprints(next.CertificatesInUse))
        {
            if (before.TryGetValue(source, out var earlier) && !earlier.SetEquals(thumbprints))
            {
                _rotations.Add(1,
                    new KeyValuePair<string, object?>("azuregateway.certificate.usage", Usage(source.Usage)),
                    new KeyValuePair<string, object?>("azuregateway.certificate.source", source.Source));
            }
        }
    }

    private static Dictionary<(CertificateUsage Usage, string Source), HashSet<string>> Thumbprints(IEnumerable<CertificateInUse> certificates) =>
        certificates
            .GroupBy(certificate => (certificate.Usage, certificate.Source))
            .ToDictionary(group => group.Key, group => group.Select(certificate => certificate.Thumbprint).ToHashSet(StringComparer.Ordinal));

    private static IEnumerable<Measurement<int>> Ejected(DataPlaneConfig config) =>
        config.Clusters.Values.Where(cluster => cluster.Client is not null).Select(cluster => new Measurement<int>(
            cluster.Client!.Health.Ejected, new KeyValuePair<string, object?>("azuregateway.cluster", cluster.Name)));

    private static IEnumerable<Measurement<double>> Expiries(DataPlaneConfig config, DateTimeOffset now) =>
        config.CertificatesInUse.Select(certificate => new Measurement<double>(
            (certificate.NotAfter - now).TotalDays,
            new KeyValuePair<string, object?>("azuregateway.certificate.usage", Usage(certificate.Usage)),
            new KeyValuePair<string, object?>("azuregateway.certificate.source", certificate.Source),
            new KeyValuePair<string, object?>("azuregateway.certificate.subject", certificate.Subject),
            new KeyValuePair<string, object?>("azuregateway.certificate.thumbprint", certificate.Thumbprint)));

    private static string Usage(CertificateUsage usage) => usage switch
    {
        CertificateUsage.Listener => "listener",
        CertificateUsage.Client => "client",
        CertificateUsage.TrustedCa => "trusted_ca",
        CertificateUsage.ClientCa => "client_ca",
        _ => throw new ArgumentOutOfRangeException(nameof(usage), usage, null),
    };

    private static string Reason(BackendFailureKind kind) => kind switch
    {
        BackendFailureKind.UntrustedCa => "untrusted_ca",
        BackendFailureKind.NameMismatch => "name_mismatch",
        BackendFailureKind.Expired => "expired",
        BackendFailureKind.ClientCertificateRefused => "client_certificate_refused",
        // No common protocol version, an alert about something else, the connection reset mid-handshake.
        _ => "other",
    };
}
