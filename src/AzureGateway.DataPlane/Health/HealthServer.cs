using System.Net;
using AzureGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Health;

/// <summary>
/// The probes a cluster asks the gateway: <c>/healthz</c> answers 200 while the process runs, <c>/readyz</c> 503
/// until <see cref="MarkReady"/> (the first configuration is applied to the data plane), then 200 unless
/// <see cref="MarkNotReady"/> says why the gateway serves nothing. A 503 body is one line saying why.
/// </summary>
/// <remarks>
/// A Kestrel listener of its own, apart from the Gateway's ports: probes keep working while the data plane opens
/// and closes ports, and a Gateway can never route a request to them. Other operator endpoints (the metrics
/// scrape) can be served beside the probes. Both probes are ASP.NET Core health checks: liveness runs none, readiness
/// runs <see cref="ReadinessCheck"/>. Their service logs every Unhealthy result at Error, which would be one error
/// line per probe while the gateway rightly waits for its first configuration; <see cref="WithoutProbeResults"/>
/// leaves those out (the pipeline already logs why it is not ready, once).
/// </remarks>
public sealed partial class HealthServer : IAsyncDisposable
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    private readonly WebApplication _host;
    private readonly ReadinessCheck _readiness;

    private HealthServer(WebApplication host, ReadinessCheck readiness, int port)
    {
        _host = host;
        _readiness = readiness;
        Port = port;
    }

    /// <summary>The port listened on (the one asked for, or the one the OS chose for port 0).</summary>
    public int Port { get; }

    /// <summary>
    /// Starts answering probes on <paramref name="address"/>:<paramref name="port"/>, not ready yet.
    /// <paramref name="endpoints"/>, when given, adds middleware that answers its own paths before the probes.
    /// </summary>
    /// <exception cref="IOException">The port cannot be listened on (e.g. it is in use).</exception>
    public static async Task<HealthServer> StartAsync(
        IPAddress address, int port, ILoggerFactory loggerFactory, CancellationToken cancellationToken,
        Action<IApplicationBuilder>? endpoints = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port);
        });
        builder.Services.AddSingleton<ILoggerFactory>(new WithoutProbeResults(loggerFactory));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        // Probes can arrive as soon as Kestrel listens, before this method returns: the check needs only this.
        var readiness = new ReadinessCheck();
        builder.Services.AddHealthChecks().AddCheck(ReadinessCheck.Name, readiness, tags: [ReadinessCheck.Name]);
        var host = builder.Build();
        host.Use(NotCountedAsRequests);
        endpoints?.Invoke(host);
        host.UseHealthChecks(LivenessPath, Probe(_ => false, "ok"));
        host.UseHealthChecks(ReadinessPath, Probe(check => check.Tags.Contains(ReadinessCheck.Name), "ready"));
        host.Run(context => OneLineAsync(context, StatusCodes.Status404NotFound, "not found"));
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        var bound = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Log.Listening(loggerFactory.CreateLogger<HealthServer>(), bound);
        return new HealthServer(host, readiness, BindingAddress.Parse(bound).Port);
    }

    /// <summary>From now on <c>/readyz</c> answers 200.</summary>
    public void MarkReady() => _readiness.NotReadyReason = null;

    /// <summary>From now on <c>/readyz</c> answers 503 with <paramref name="reason"/> (one line) as its body.</summary>
    public void MarkNotReady(string reason) => _readiness.NotReadyReason = reason;

    /// <summary>A probe running the checks <paramref name="runs"/> selects: 200 with <paramref name="healthy"/>, else 503 with why.</summary>
    private static HealthCheckOptions Probe(Func<HealthCheckRegistration, bool> runs, string healthy) => new()
    {
        Predicate = runs,
        ResponseWriter = (context, report) => OneLineAsync(context, context.Response.StatusCode,
            report.Status == HealthStatus.Healthy ? healthy : string.Join("; ", report.Entries.Values.Select(e => e.Description))),
    };

    /// <summary>
    /// Probes and scrapes stay out of ASP.NET Core's request metric, which the same process uses for the traffic
    /// the gateway serves.
    /// </summary>
    private static Task NotCountedAsRequests(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
        {
            metrics.MetricsDisabled = true;
        }
        return next(context);
    }

    private static Task OneLineAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(body + "\n", context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Health probes on {Address}/healthz and /readyz")]
        public static partial void Listening(ILogger logger, string address);
    }
}
