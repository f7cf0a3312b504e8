using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AzureGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AzureGateway.EchoBackend;

/// <summary>
/// An HTTPS (or plain HTTP) server that answers every request with JSON describing what it saw: its own name, the
/// TLS (version, SNI, cipher suite, ALPN, the peer's certificates in PEM), the HTTP version, method, path, query and
/// headers. A request can ask for a status, a delay and response headers (<see cref="EchoDirectives"/>). On the same
/// port it serves the gRPC echo (<see cref="EchoGrpcService"/>) and WebSockets: a WebSocket (an HTTP/1.1 upgrade or an
/// HTTP/2 extended CONNECT) first gets the JSON of what the server saw as a text message, then every message it sends
/// back. The backend of the demo, the tests and the benchmarks.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly ClientCertificatePolicy _clientCertificates;
    private readonly SslStreamCertificateContext? _serverCertificate;
    private readonly string? _name;
    private readonly HttpProtocols _protocols;
    /// <summary>How many answers <see cref="Requests"/> keeps: enough for a test, bounded for a server left running.</summary>
    private const int RecordedRequests = 1000;

    private readonly ConcurrentQueue<EchoResponse> _requests = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _connections;

    private EchoServer(EchoServerOptions options)
    {
        _clientCertificates = new ClientCertificatePolicy(options.TrustedClientCertificateAuthorities);
        _serverCertificate = options.ServerCertificate is null
            ? null
            : SslStreamCertificateContext.Create(options.ServerCertificate, options.ServerCertificateChain ?? [], offline: true);
        _name = options.Name;
        _protocols = options.Protocols ?? (_serverCertificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2);
    }

    public int Port { get; private set; }

    /// <summary>TCP connections accepted so far, including those whose TLS handshake failed.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>The last 1,000 requests answered, oldest first (a test checks that a mirrored copy arrived).</summary>
    public IReadOnlyList<EchoResponse> Requests => [.. _requests];

    public static async Task<EchoServer> StartAsync(EchoServerOptions options, CancellationToken cancellationToken)
    {
        var server = new EchoServer(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                listen.Protocols = server._protocols;
                listen.Use(next => connection =>
                {
                    Interlocked.Increment(ref server._connections);
                    return next(connection);
                });
                if (server._serverCertificate is not null)
                {
                    listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = server.AuthenticationOptionsFor });
                }
            });
        });
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton(new EchoServerName(options.Name));
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.UseWebSockets();
        app.UseRouting();
        app.MapGrpcService<EchoGrpcService>();
        // What no gRPC endpoint matched is the HTTP echo's.
        app.Use((context, next) => context.GetEndpoint() is null ? server.EchoAsync(context) : next(context));
        await app.StartAsync(cancellationToken);
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    private ValueTask<SslServerAuthenticationOptions> AuthenticationOptionsFor(TlsHandshakeCallbackContext context)
    {
        // The certificates the client sent are only visible during the handshake; keep them on the
        // connection so every request on it can report them.
        var peer = new PeerCertificatesFeature();
        context.Connection.Features.Set(peer);
        return ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _serverCertificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = ApplicationProtocols(_protocols),
            ClientCertificateRequired = true,
            CertificateChainPolicy = _clientCertificates.ChainPolicy(),
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                peer.Capture(certificate, chain);
                return _clientCertificates.Accepts(errors);
            },
        });
    }

    /// <summary>
    /// What ALPN offers: only the protocols the listener serves, so a server without HTTP/2 refuses a client that offers
    /// only <c>h2</c>, as an HTTP/1.1-only backend does.
    /// </summary>
    private static List<SslApplicationProtocol> ApplicationProtocols(HttpProtocols protocols)
    {
        var offered = new List<SslApplicationProtocol>();
        if (protocols.HasFlag(HttpProtocols.Http2))
        {
            offered.Add(SslApplicationProtocol.Http2);
        }
        if (protocols.HasFlag(HttpProtocols.Http1))
        {
            offered.Add(SslApplicationProtocol.Http11);
        }
        return offered;
    }

    private async Task EchoAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await EchoWebSocketAsync(context);
            return;
        }
        var bodyBytes = await CountBodyAsync(context.Request.Body, context.RequestAborted);
        var directives = EchoDirectives.From(context.Request.Headers);
        var attempt = directives.Id is null ? 1 : _attempts.AddOrUpdate(directives.Id, 1, (_, seen) => seen + 1);
        var response = Describe(context, attempt, bodyBytes);
        Record(response);
        if (directives.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(directives.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client (a gateway whose timeout passed) gave up; nobody is left to answer.
                return;
            }
        }
        context.Response.StatusCode = directives.StatusFor(attempt);
        foreach (var (name, value) in directives.ResponseHeaders)
        {
            context.Response.Headers.Append(name, value);
        }
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, response, EchoJsonContext.Readable.EchoResponse, context.RequestAborted);
    }

    private EchoResponse Describe(HttpContext context, int attempt, long bodyBytes)
    {
        var facts = ConnectionFacts.Of(context);
        return new EchoResponse
        {
            Name = _name,
            TlsVersion = facts.TlsVersion,
            Sni = facts.Sni,
            CipherSuite = facts.CipherSuite,
            Alpn = facts.Alpn,
            HttpVersion = context.Request.Protocol,
            Method = context.Request.Method,
            Path = context.Request.Path.Value + context.Request.QueryString.Value,
            Query = context.Request.QueryString.Value ?? "",
            Host = context.Request.Host.Value ?? "",
            Headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            Attempt = attempt,
            BodyBytes = bodyBytes,
            PeerCertificates = context.Features.Get<PeerCertificatesFeature>()?.Pem ?? [],
            ClientCertificateSubject = facts.ClientCertificateSubject,
        };
    }

    private void Record(EchoResponse response)
    {
        _requests.Enqueue(response);
        while (_requests.Count > RecordedRequests && _requests.TryDequeue(out _))
        {
        }
    }

    /// <summary>Sends what the server saw of the upgrade as the first message, then each message received back, until the client closes.</summary>
    private async Task EchoWebSocketAsync(HttpContext context)
    {
        var response = Describe(context, attempt: 1, bodyBytes: 0);
        Record(response);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[16 * 1024];
        try
        {
            await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(response, EchoJsonContext.Readable.EchoResponse),
                WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away without closing: nobody is left to answer.
        }
    }

    private static async Task<long> CountBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
