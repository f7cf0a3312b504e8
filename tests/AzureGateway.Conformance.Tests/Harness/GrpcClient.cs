using Grpc.Net.Client;
using EchoService = AzureGateway.EchoBackend.Grpc.Echo;

namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>
/// A gRPC client (Grpc.Net.Client) over HTTP/2 to a gateway port on loopback, with <c>host</c> as its SNI and
/// <c>:authority</c> whatever address it resolves to: over TLS, or with <c>tls: false</c> in plain text with prior
/// knowledge (h2c), as a gRPC client dials an <c>http://</c> address. The cases are about routing, not the frontend
/// certificate: any certificate is accepted.
/// </summary>
public sealed class GrpcClient : IDisposable
{
    public GrpcClient(int port, string host, bool tls = true)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) => await Loopback.ConnectAsync(port, cancellationToken),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        Channel = GrpcChannel.ForAddress($"{(tls ? "https" : "http")}://{host}:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Echo = new EchoService.EchoClient(Channel);
    }

    public GrpcChannel Channel { get; }

    /// <summary>The echo backend's service, <c>azuregateway.echo.v1.Echo</c>.</summary>
    public EchoService.EchoClient Echo { get; }

    public void Dispose() => Channel.Dispose();
}
