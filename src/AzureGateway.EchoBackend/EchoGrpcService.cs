using AzureGateway.EchoBackend.Grpc;
using Grpc.Core;

namespace AzureGateway.EchoBackend;

/// <summary>The gRPC echo (<c>Protos/echo.proto</c>): the message back, with what the server saw of the call and its connection.</summary>
internal sealed class EchoGrpcService(EchoServerName name) : Echo.EchoBase
{
    public override async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        var http = context.GetHttpContext();
        var facts = ConnectionFacts.Of(http);
        var reply = new EchoReply
        {
            Message = request.Message,
            Name = name.Value ?? "",
            TlsVersion = facts.TlsVersion,
            Sni = facts.Sni ?? "",
            Alpn = facts.Alpn ?? "",
            HttpVersion = http.Request.Protocol,
            ClientCertificateSubject = facts.ClientCertificateSubject ?? "",
            Authority = http.Request.Host.Value ?? "",
        };
        foreach (var header in http.Request.Headers)
        {
            reply.Headers[header.Key.ToLowerInvariant()] = header.Value.ToString();
        }
        return reply;
    }
}

/// <summary>The echo server's name, for the gRPC service that reports it.</summary>
internal sealed record EchoServerName(string? Value);
