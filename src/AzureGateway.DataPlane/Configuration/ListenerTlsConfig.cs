using System.Net.Security;
using System.Security.Authentication;
using AzureGateway.DataPlane.Frontend;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>A compiled <see cref="ListenerTlsIr"/>: what a handshake whose SNI chose the listener is given.</summary>
internal sealed class ListenerTlsConfig(
    ListenerTlsIr ir,
    SslStreamCertificateContext? certificate,
    SslProtocols protocols,
    CipherSuitesPolicy? cipherSuitesPolicy,
    ClientCertificateVerifier? clientValidation,
    string? unusable)
{
    public ListenerTlsIr Ir { get; } = ir;

    /// <summary>The listener's hostname pattern; null for the listener without one, which takes any SNI.</summary>
    public string? ServerName => Ir.ServerName;

    /// <summary>The pattern as logs and the compiled configuration show it.</summary>
    public string Name => Ir.ServerName ?? "*";

    /// <summary>Null only when <see cref="Unusable"/> says why.</summary>
    public SslStreamCertificateContext? Certificate { get; } = certificate;

    /// <summary>TLS 1.2 and 1.3, or the one of them the listener's cipher suites leave.</summary>
    public SslProtocols Protocols { get; } = protocols;

    /// <summary>
    /// Null for the OpenSSL configuration's suites, the intermediate profile (see <see cref="IntermediateCipherProfile"/>,
    /// and <see cref="AllowedCipherSuites.Policy"/> for why it is set only when needed).
    /// </summary>
    public CipherSuitesPolicy? CipherSuitesPolicy { get; } = cipherSuitesPolicy;

    /// <summary>Null when no client certificate is asked for.</summary>
    public ClientCertificateVerifier? ClientValidation { get; } = clientValidation;

    public ForwardClientCertIr ForwardClientCert => Ir.ForwardClientCert;

    /// <summary>
    /// Why the listener cannot terminate TLS (its certificate or cipher suites cannot be used); null when it can. Such a
    /// listener refuses the handshakes its SNI chooses rather than leave them to another listener's settings, which could
    /// verify no client certificate where this one would.
    /// </summary>
    public string? Unusable { get; } = unusable;
}
