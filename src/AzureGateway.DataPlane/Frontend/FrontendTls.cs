using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Metrics;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// TLS termination for one HTTPS port. The listener is chosen per handshake by SNI from the configuration current at
/// that moment, so a rotated certificate or CA bundle applies from the next handshake without rebinding. The listener
/// gives the certificate, the cipher suites and, when it verifies clients, the chain policy and the check of the
/// client certificate; the connection remembers the outcome (<see cref="ClientCertificateVerification"/>).
/// </summary>
/// <remarks>
/// A refused client gets no TLS alert: on Linux, .NET 10 checks the client certificate once OpenSSL has completed the
/// handshake (and sent its session tickets), and sends no alert when the check fails; Kestrel closes the connection with
/// a FIN. A TLS 1.3 or 1.2 client thus sees its handshake succeed and its first read end. Kestrel logs the failed
/// handshake at Debug only; the one line at Information is ours. A resumed session is judged again, with the certificate
/// it was made with, by the listener and trust current at the resumption.
/// </remarks>
internal sealed partial class FrontendTls(
    ActiveConfig active, int port, TimeSpan handshakeTimeout, DataPlaneMetrics metrics, ILogger<FrontendTls> logger)
{
    public TlsHandshakeCallbackOptions CallbackOptions() => new()
    {
        OnConnection = OptionsFor,
        HandshakeTimeout = handshakeTimeout,
    };

    private ValueTask<SslServerAuthenticationOptions> OptionsFor(TlsHandshakeCallbackContext context)
    {
        var serverName = context.ClientHelloInfo.ServerName;
        var listener = active.Current.Ports.GetValueOrDefault(port)?.ListenerFor(serverName)
            ?? throw new AuthenticationException($"port {port} has no listener for '{serverName}'");
        if (listener.Unusable is not null)
        {
            throw new AuthenticationException($"port {port} listener {listener.Name} cannot terminate TLS: {listener.Unusable}");
        }
        var connection = new ClientCertificateVerification(listener.ServerName, listener.ClientValidation is not null, listener.ForwardClientCert);
        context.Connection.Features.Set(connection);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = listener.Certificate,
            EnabledSslProtocols = listener.Protocols,
            CipherSuitesPolicy = listener.CipherSuitesPolicy,
            // Kestrel leaves ALPN to the callback; h2 first so HTTP/2 clients get it.
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        };
        if (listener.ClientValidation is { } verifier)
        {
            if (verifier.RefuseAllBecause is { } reason)
            {
                // Refused before the server hello: the client's handshake fails (no alert either way, see remarks) and the
                // gateway does no handshake work for a client it will not serve.
                Report(listener, serverName, new ClientCertificateFailure(ClientCertificateFailureReason.ValidationUnusable, reason), null, refused: true);
                throw new ClientCertificateRefusal($"port {port} listener {listener.Name} refuses every client: {reason}");
            }
            // Required also where the mode lets a client without one in: without it no certificate is asked for.
            options.ClientCertificateRequired = true;
            options.CertificateChainPolicy = verifier.ChainPolicy();
            options.RemoteCertificateValidationCallback = (_, presented, chain, errors) =>
                Judge(listener, verifier, serverName, connection, presented as X509Certificate2, chain, errors);
        }
        return ValueTask.FromResult(options);
    }

    private bool Judge(ListenerTlsConfig listener, ClientCertificateVerifier verifier, string? serverName,
        ClientCertificateVerification connection, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var failure = verifier.Check(certificate, chain, errors);
        if (failure is null)
        {
            connection.Verified(certificate!, SentChain(certificate!, chain));
            return true;
        }
        var refused = verifier.Refuses(failure);
        if (!refused)
        {
            connection.Served(failure);
        }
        if (verifier.IsFailure(failure))
        {
            Report(listener, serverName, failure, certificate, refused);
        }
        return !refused;
    }

    /// <summary>The certificates the client sent after its own, which SslStream puts in the chain policy's extra store.</summary>
    private static List<X509Certificate2> SentChain(X509Certificate2 certificate, X509Chain? chain) =>
        [.. (chain?.ChainPolicy.ExtraStore ?? []).Where(sent => !sent.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))];

    private void Report(ListenerTlsConfig listener, string? serverName, ClientCertificateFailure failure, X509Certificate2? certificate, bool refused)
    {
        metrics.ClientCertificateFailed(failure, refused);
        Log.ClientCertificateFailed(logger, refused ? "refused" : "served", port, listener.Name, string.IsNullOrEmpty(serverName) ? "(none)" : serverName,
            failure.Name, certificate is null ? "none presented" : $"{certificate.Subject}, SHA-256 {PemCertificates.Thumbprint(certificate)}", failure.Detail);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information,
            Message = "Client {Outcome} on port {Port} listener {Listener} (SNI {ServerName}): client certificate {Reason} ({Certificate}): {Detail}")]
        public static partial void ClientCertificateFailed(ILogger logger, string outcome, int port, string listener, string serverName,
            string reason, string certificate, string detail);
    }
}
