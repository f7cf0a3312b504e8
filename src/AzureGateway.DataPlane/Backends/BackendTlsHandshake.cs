using System.Net.Security;
using System.Security.Authentication;
using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Metrics;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// Opens TLS to a backend ourselves rather than through SocketsHttpHandler's TLS, because the handler sets
/// the SNI from the outgoing Host header, and the Host header must stay the client's while the SNI must be
/// the policy's hostname. HTTP then runs over the returned stream as if it were plain text. A handshake failure is
/// counted for <paramref name="cluster"/>, by reason, when it is one: our checks refused the backend's certificate,
/// the TLS stack refused the handshake, or the backend sent a TLS alert (during the handshake or, with TLS 1.3, in
/// place of its first answer). A connection that merely closed, was reset or was cancelled is not. The suites offered
/// are the listeners' default, <see cref="IntermediateCipherProfile"/>: <paramref name="cipherSuites"/> where the OpenSSL
/// configuration does not give it. ALPN offers what <paramref name="alpn"/> says for the connection's use; an HTTP/2
/// backend that chooses another protocol is a handshake failure like the others.
/// </summary>
internal sealed class BackendTlsHandshake(
    string cluster, string sni, SslProtocols protocols, CipherSuitesPolicy? cipherSuites, SslStreamCertificateContext? clientCertificate,
    BackendCertificateVerifier verifier, BackendAlpn alpn, DataPlaneMetrics metrics)
{
    // What a backend's alert about the client certificate refused, for the log line.
    private readonly string _refused = clientCertificate is null
        ? "to go on without a client certificate, and none is configured"
        : $"our client certificate {clientCertificate.TargetCertificate.Subject}";

    /// <param name="use">What the connection is for: it decides the protocols ALPN offers and accepts.</param>
    /// <param name="answered">
    /// Called once the backend's first bytes arrive on the connection (with null) or a TLS alert arrives in their place
    /// (with the refusal it names).
    /// </param>
    /// <param name="http11Chosen">Called when a negotiating backend chose HTTP/1.1 on a connection offered for HTTP/2 (the HTTP client then uses it for HTTP/1.1).</param>
    public async Task<Stream> AuthenticateAsync(
        Stream transport, ConnectionUse use, Action<BackendFailure?> answered, Action http11Chosen, CancellationToken cancellationToken)
    {
        var stream = new BackendTlsStream(transport, RefusedOnFirstRead, answered);
        BackendFailure? rejection = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = sni,
            EnabledSslProtocols = protocols,
            CipherSuitesPolicy = cipherSuites,
            ApplicationProtocols = alpn.Offered(use),
            ClientCertificateContext = clientCertificate,
            CertificateChainPolicy = verifier.ChainPolicy(),
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                rejection = verifier.Check(certificate, chain, errors);
                return rejection is null;
            },
        };
        try
        {
            await stream.AuthenticateAsClientAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            await stream.DisposeAsync();
            if ((rejection ?? BackendFailure.FromTlsAlert(e, _refused)) is { } failure)
            {
                throw Failed(failure, e);
            }
            if (e is AuthenticationException)
            {
                throw Failed(new BackendFailure(BackendFailureKind.TlsHandshake, $"TLS handshake failed: {BackendFailure.Innermost(e).Message}"), e);
            }
            throw new BackendConnectException(new BackendFailure(BackendFailureKind.ConnectionFailed,
                $"the backend closed the connection during the TLS handshake, without a TLS alert: {BackendFailure.Innermost(e).Message}"), e);
        }
        catch
        {
            // Cancelled (the connector tells a time-out from a client gone) or a bug: not the backend's doing.
            await stream.DisposeAsync();
            throw;
        }
        var chosen = stream.NegotiatedApplicationProtocol;
        switch (alpn.Judge(use, chosen))
        {
            case AlpnOutcome.Http11Chosen:
                http11Chosen();
                break;
            case AlpnOutcome.Refused:
                await stream.DisposeAsync();
                throw Failed(new BackendFailure(BackendFailureKind.TlsHandshake,
                    $"the backend chose {BackendAlpn.Name(chosen)} by ALPN where only h2 was offered: it does not speak HTTP/2 over TLS"), null);
        }
        return stream;
    }

    private BackendConnectException? RefusedOnFirstRead(IOException error) =>
        BackendFailure.FromTlsAlert(error, _refused) is { } failure ? Failed(failure, error) : null;

    private BackendConnectException Failed(BackendFailure failure, Exception? error)
    {
        metrics.HandshakeFailed(cluster, failure.Kind);
        return new BackendConnectException(failure, error);
    }
}
