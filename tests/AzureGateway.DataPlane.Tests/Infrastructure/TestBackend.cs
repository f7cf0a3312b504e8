using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>What a <see cref="TestBackend"/> saw of one request.</summary>
internal sealed record SeenRequest(string Method, string PathAndQuery, string Host, IReadOnlyDictionary<string, string> Headers, long BodyBytes, string? ClientCertificateSubject)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>
/// A backend on a free loopback port, over plain HTTP or over HTTPS requiring a client certificate from one CA
/// (mTLS), that records every request it gets and answers with a handler the test gives (by default 200 and its
/// name in <c>X-Served-By</c>).
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SeenRequest> _requests;

    private TestBackend(WebApplication app, ConcurrentQueue<SeenRequest> requests, int port)
    {
        _app = app;
        _requests = requests;
        Port = port;
    }

    public int Port { get; }

    public IReadOnlyList<SeenRequest> Requests => [.. _requests];

    public SeenRequest Last => Requests[^1];

    /// <param name="answer">Writes the answer after the request was recorded; null answers 200 naming <paramref name="name"/>.</param>
    /// <param name="serverCertificate">Serve HTTPS with this certificate and require a client certificate issued by <paramref name="clientCa"/>.</param>
    public static async Task<TestBackend> StartAsync(string name, Func<HttpContext, Task>? answer = null,
        X509Certificate2? serverCertificate = null, X509Certificate2? clientCa = null)
    {
        var requests = new ConcurrentQueue<SeenRequest>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (serverCertificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, clientCa!),
                });
            }
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            requests.Enqueue(new SeenRequest(
                context.Request.Method,
                context.Request.Path.Value + context.Request.QueryString.Value,
                context.Request.Host.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                body.Length,
                context.Connection.ClientCertificate?.Subject));
            context.Response.Headers["X-Served-By"] = name;
            if (answer is not null)
            {
                await answer(context);
            }
            else
            {
                await context.Response.WriteAsync($"served by {name}", context.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestBackend(app, requests, new Uri(address).Port);
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        return chain.Build(certificate);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
