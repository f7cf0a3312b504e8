using System.Security.Cryptography.X509Certificates;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>What became of a TLS connection's client certificate.</summary>
internal enum ClientCertificateOutcome
{
    /// <summary>No certificate was verified: none was asked for, or the client sent none where one is optional.</summary>
    None,

    /// <summary>The certificate was verified by the listener's validation.</summary>
    Verified,

    /// <summary>The certificate failed, and the listener served the client anyway (<c>AllowInsecureFallback</c>).</summary>
    Failed,
}

/// <summary>
/// A connection feature set on every TLS connection when its handshake starts: the listener the SNI chose under the
/// configuration current then, its XFCC handling, and how it judged the client certificate. Every request on the
/// connection is told the same, whatever configuration is current by then, as the certificate was judged once.
/// </summary>
internal sealed class ClientCertificateVerification(string? listener, bool certificateRequested, ForwardClientCertIr forwardClientCert)
{
    /// <summary>The hostname pattern of the listener that terminated the connection; null for the listener without one.</summary>
    public string? Listener { get; } = listener;

    /// <summary>Whether that listener verifies client certificates (has client validation).</summary>
    public bool CertificateRequested { get; } = certificateRequested;

    public ForwardClientCertIr ForwardClientCert { get; } = forwardClientCert;

    public ClientCertificateOutcome Outcome { get; private set; }

    /// <summary>Why the certificate failed, when <see cref="Outcome"/> is <see cref="ClientCertificateOutcome.Failed"/>.</summary>
    public ClientCertificateFailure? Failure { get; private set; }

    /// <summary>
    /// This connection's element of <c>X-Forwarded-Client-Cert</c>, when its certificate was verified and the listener
    /// writes one (<c>SanitizeSet</c>, <c>AppendForward</c>). Made during the handshake, the only time the chain the
    /// client sent is at hand, and once rather than per request.
    /// </summary>
    public string? ForwardedElement { get; private set; }

    /// <summary>The value of <c>X-Client-Cert-Verify</c>, in nginx's <c>$ssl_client_verify</c> words.</summary>
    public string VerifyHeader => Outcome switch
    {
        ClientCertificateOutcome.Verified => "SUCCESS",
        ClientCertificateOutcome.Failed => "FAILED:" + Failure!.Name,
        _ => "NONE",
    };

    /// <summary>Whether <paramref name="serverName"/>'s listener, with client validation, judged this connection's certificate.</summary>
    public bool JudgedBy(string? serverName) =>
        CertificateRequested && string.Equals(Listener, serverName, StringComparison.OrdinalIgnoreCase);

    public void Verified(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> sentChain)
    {
        Outcome = ClientCertificateOutcome.Verified;
        if (ForwardClientCert.Mode is ForwardClientCertMode.SanitizeSet or ForwardClientCertMode.AppendForward)
        {
            ForwardedElement = ForwardedClientCertElement.Of(certificate, sentChain, ForwardClientCert.Details);
        }
    }

    /// <summary>The certificate failed and the client is served: without a certificate it is a client without one.</summary>
    public void Served(ClientCertificateFailure failure)
    {
        if (failure.Reason != ClientCertificateFailureReason.Missing)
        {
            Outcome = ClientCertificateOutcome.Failed;
            Failure = failure;
        }
    }
}
