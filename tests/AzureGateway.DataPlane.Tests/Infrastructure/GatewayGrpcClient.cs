using System.Net;
using System.Net.Sockets;
using AzureGateway.EchoBackend.Grpc;
using Grpc.Net.Client;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// A gRPC client (Grpc.Net.Client) of the echo service, over HTTP/2 and TLS to a gateway port on loopback whatever host
/// the address names, so the SNI and authority are the address's. It accepts any server certificate.
/// </summary>
internal sealed class GatewayGrpcClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public GatewayGrpcClient(int port, string host = "www.example.com")
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectCallback = (_, cancellationToken) => LoopbackConnection.OpenAsync(port, cancellationToken),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        _channel = GrpcChannel.ForAddress($"https://{host}:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Echo = new Echo.EchoClient(_channel);
    }

    public Echo.EchoClient Echo { get; }

    public void Dispose() => _channel.Dispose();
}
