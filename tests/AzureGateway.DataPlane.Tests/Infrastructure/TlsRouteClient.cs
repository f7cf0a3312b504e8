using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// A client of a TLS port: a real TLS handshake with SNI, verifying the server against one CA, then a line-based
/// exchange with a <see cref="RawTlsBackend"/> behind the gateway.
/// </summary>
internal sealed class TlsRouteClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private readonly StreamReader _reader;

    private TlsRouteClient(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
        _reader = new StreamReader(tls, Encoding.ASCII);
    }

    /// <summary>The certificate the client's handshake got: the backend's through passthrough, the gateway's when it terminates.</summary>
    public X509Certificate2 ServerCertificate => new(_tls.RemoteCertificate!);

    /// <summary>The backend's first line: who answered and what TLS it saw.</summary>
    public string Greeting { get; private set; } = "";

    public static async Task<TlsRouteClient> ConnectAsync(int port, string serverName, X509Certificate2 trustedCa)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var tls = new SslStream(tcp.GetStream());
        try
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(trustedCa);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                CertificateChainPolicy = policy,
                // Offered as an HTTP/2 client would: a passthrough backend sees the offer, a terminating gateway offers nothing.
                ApplicationProtocols = [SslApplicationProtocol.Http2],
            }).WaitAsync(Wait.Timeout);
            var client = new TlsRouteClient(tcp, tls);
            client.Greeting = await client._reader.ReadLineAsync().WaitAsync(Wait.Timeout) ?? "";
            return client;
        }
        catch
        {
            await tls.DisposeAsync();
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends a line and reads what comes back.</summary>
    public async Task<string?> EchoAsync(string line)
    {
        await _tls.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
        return await _reader.ReadLineAsync().WaitAsync(Wait.Timeout);
    }

    /// <summary>The next line from the gateway, or null once it has closed the connection.</summary>
    public async Task<string?> ReadLineAsync() => await _reader.ReadLineAsync().WaitAsync(Wait.Timeout);

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _tcp.Dispose();
    }
}
