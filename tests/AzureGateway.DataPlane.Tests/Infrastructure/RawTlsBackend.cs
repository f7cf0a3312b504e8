using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// A TCP backend that is not HTTP, as TLSRoute backends are (databases, brokers): over TLS with its own certificate
/// (asking for, not requiring, a client certificate, and accepting <c>h2</c> or <c>http/1.1</c> by ALPN when offered) or
/// in plain TCP. Each connection first gets one line saying who answered and what TLS it saw
/// (<c>name sni=… client=… alpn=…</c>), then every byte sent is echoed back.
/// </summary>
internal sealed class RawTlsBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2? _certificate;
    private readonly string _name;
    private readonly Task _accepting;

    private RawTlsBackend(string name, X509Certificate2? certificate)
    {
        _name = name;
        _certificate = certificate;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A TLS backend presenting <paramref name="certificate"/> (with its key).</summary>
    public static RawTlsBackend Tls(string name, X509Certificate2 certificate) => new(name, certificate);

    public static RawTlsBackend Plain(string name) => new(name, null);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                var greeting = $"{_name} sni=- client=- alpn=-";
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificate,
                        ClientCertificateRequired = true,
                        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                        // Recorded, not judged: the tests assert which certificate arrived.
                        RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    }, _stop.Token);
                    var presented = tls.RemoteCertificate is { } certificate ? new X509Certificate2(certificate).Subject : "-";
                    var alpn = tls.NegotiatedApplicationProtocol.Protocol.IsEmpty ? "-" : tls.NegotiatedApplicationProtocol.ToString();
                    greeting = $"{_name} sni={(string.IsNullOrEmpty(tls.TargetHostName) ? "-" : tls.TargetHostName)} client={presented} alpn={alpn}";
                    stream = tls;
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes(greeting + "\n"), _stop.Token);
                await stream.CopyToAsync(stream, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // A client that went away, or a handshake a test made fail on purpose.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
