using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.EchoBackend;

public sealed record EchoServerOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; read it back from <see cref="EchoServer.Port"/>.</summary>
    public int Port { get; init; }

    /// <summary>The server certificate, with its private key.</summary>
    public required X509Certificate2 ServerCertificate { get; init; }

    /// <summary>When set, a client certificate issued by one of these is required; null accepts any client.</summary>
    public X509Certificate2Collection? TrustedClientCertificateAuthorities { get; init; }
}

/// <summary>
/// An HTTPS server that answers every request with JSON describing the TLS it saw: version, SNI, cipher
/// suite, ALPN and the peer's certificates in PEM. The backend of the demo, the tests and the benchmarks.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private EchoServer()
    {
    }

    public int Port { get; private set; }

    public static Task<EchoServer> StartAsync(EchoServerOptions options, CancellationToken cancellationToken)
    {
        _ = options;
        _ = cancellationToken;
        return Task.FromResult(new EchoServer());
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
