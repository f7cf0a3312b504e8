using System.Net.Security;
using System.Security.Authentication;
using AzureGateway.DataPlane.Metrics;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// Opens TLS to a backend ourselves rather than through SocketsHttpHandler's TLS, because the handler sets
/// the SNI from the outgoing Host header, and the Host header must stay the client's while the SNI must be
/// the policy's hostname. HTTP then runs over the returned stream as if it were plain text. Every failure is
/// counted for <paramref name="cluster"/>, by reason.
/// </summary>
internal sealed class BackendTlsHandshake(
    string cluster, string sni, SslProtocols protocols, SslStreamCertificateContext? clientCertificate,
    BackendCertificateVerifier verifier, DataPlaneMetrics metrics)
{
    // HTTP/1.1 only: the forwarder sends HTTP/1.1 over this stream whatever the client spoke.
    private readonly List<SslApplicationProtocol> _applicationProtocols = [SslApplicationProtocol.Http11];

    public async Task<Stream> AuthenticateAsync(Stream transport, CancellationToken cancellationToken)
    {
        var stream = new SslStream(transport, leaveInnerStreamOpen: false);
        BackendFailure? rejection = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = sni,
            EnabledSslProtocols = protocols,
            ApplicationProtocols = _applicationProtocols,
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
            return new BackendTlsStream(stream, ClosedBeforeAnswering);
        }
        catch (Exception e)
        {
            await stream.DisposeAsync();
            if (e is AuthenticationException or IOException)
            {
                throw Failed(rejection ?? BackendFailure.FromHandshakeError(e), e);
            }
            throw;
        }
    }

    private BackendConnectException ClosedBeforeAnswering(Exception? error)
    {
        var failure = (error is null ? null : BackendFailure.FromTlsAlert(error)) ?? new BackendFailure(
            BackendFailureKind.ClientCertificateRefused,
            clientCertificate is null
                ? "the backend closed the TLS connection before answering: it probably requires a client certificate, and none is configured"
                : $"the backend closed the TLS connection before answering: it probably refused our client certificate {clientCertificate.TargetCertificate.Subject}");
        return Failed(failure, error);
    }

    private BackendConnectException Failed(BackendFailure failure, Exception? error)
    {
        metrics.HandshakeFailed(cluster, failure.Kind);
        return new BackendConnectException(failure, error);
    }
}
