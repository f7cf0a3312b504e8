using System.Net;
using System.Net.Sockets;
using AzureGateway.EchoBackend.Grpc;
using Grpc.Net.Client;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// A gRPC client (Grpc.Net.Client) of the echo service, over HTTP/2 to a gateway port on loopback whatever host the
/// address names, so the SNI and authority are the address's: over TLS accepting any server certificate, or, with
/// <c>tls: false</c>, in plain text with prior knowledge (h2c), as gRPC clients dial an <c>http://</c> address.
/// </summary>
internal sealed class GatewayGrpcClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public GatewayGrpcClient(int port, string host = "www.example.com", bool tls = true)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectCallback = (_, cancellationToken) => LoopbackConnection.OpenAsync(port, cancellationToken),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        _channel = GrpcChannel.ForAddress($"{(tls ? "https" : "http")}://{host}:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Echo = new Echo.EchoClient(_channel);
    }

    public Echo.EchoClient Echo { get; }

    public void Dispose() => _channel.Dispose();
}
