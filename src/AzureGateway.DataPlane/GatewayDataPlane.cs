using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Frontend;
using AzureGateway.DataPlane.Logging;
using AzureGateway.DataPlane.Metrics;
using AzureGateway.DataPlane.TlsRouting;
using AzureGateway.Hosting;
using AzureGateway.IR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane;

/// <summary>
/// Kestrel + YARP serving a <see cref="GatewayIr"/>. <see cref="ApplyAsync"/> swaps in a new IR atomically:
/// requests in flight finish on the old settings, new connections and handshakes use the new ones.
/// </summary>
/// <remarks>
/// One ASP.NET Core host whose server is <see cref="PortServers"/> (a Kestrel server per port) and whose
/// whole pipeline is <see cref="GatewayRequestHandler"/>. The configuration is compiled from the IR into one
/// immutable <see cref="DataPlaneConfig"/>; applying an IR compiles the next one, swaps it in with a single
/// reference assignment, retires the backend clients it no longer uses, then opens and closes ports.
/// </remarks>
public sealed partial class GatewayDataPlane : IAsyncDisposable
{
    /// <summary>The meter of the data plane's own instruments (backend handshake failures, certificates).</summary>
    public const string MeterName = "AzureGateway.DataPlane";

    private readonly DataPlaneOptions _options;
    private readonly WebApplication _host;
    private readonly PortServers _ports;
    private readonly ActiveConfig _active;
    private readonly DataPlaneConfigBuilder _builder;
    private readonly DataPlaneMetrics _metrics;
    private readonly HealthProbes _probes;
    private readonly ILogger<GatewayDataPlane> _logger;
    private readonly SemaphoreSlim _applying = new(1, 1);
    private bool _disposed;

    private GatewayDataPlane(DataPlaneOptions options, WebApplication host)
    {
        _options = options;
        _host = host;
        _ports = host.Services.GetRequiredService<PortServers>();
        _active = host.Services.GetRequiredService<ActiveConfig>();
        _builder = host.Services.GetRequiredService<DataPlaneConfigBuilder>();
        _metrics = host.Services.GetRequiredService<DataPlaneMetrics>();
        _probes = host.Services.GetRequiredService<HealthProbes>();
        _logger = host.Services.GetRequiredService<ILogger<GatewayDataPlane>>();
    }

    /// <summary>For each IR port being listened on, the port actually bound (after the offset, or chosen by the OS).</summary>
    public IReadOnlyDictionary<int, int> BoundPorts { get; private set; } = FrozenDictionary<int, int>.Empty;

    /// <summary>
    /// For each IR port that the last <see cref="ApplyAsync"/> could not listen on, why (e.g. the address is
    /// in use). Such a port is tried again by the next <see cref="ApplyAsync"/>.
    /// </summary>
    public IReadOnlyDictionary<int, string> PortErrors { get; private set; } = FrozenDictionary<int, string>.Empty;

    /// <summary>
    /// Whether a request came to a Gateway port of a data plane (rather than to another server in the process,
    /// such as the health probes'): telemetry that should follow only gateway traffic asks this.
    /// </summary>
    public static bool IsGatewayRequest(HttpContext context) => context.Features.Get<GatewayPortFeature>() is not null;

    /// <summary>Starts a data plane with no ports; <see cref="ApplyAsync"/> gives it a configuration.</summary>
    public static async Task<GatewayDataPlane> StartAsync(DataPlaneOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (DataPlaneOptionsValidation.Problems(options) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        // One switch for both socket layers: the runtime's (backend connections) and Kestrel's (client
        // connections). Run inline, a request goes from the client's socket to the backend's and back without a
        // thread-pool hop: 10% less CPU per request at the same throughput in bench/. Kestrel alone inline
        // doubled the CPU per request, so it only follows the runtime switch (see InlineSocketCompletions).
        if (options.InlineSocketCompletions)
        {
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }
        builder.Services.AddSingleton<ILoggerFactory>(services => new ReplacedLogEvents(loggerFactory, services.GetRequiredService<ClientFailureLog>));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddMetrics();
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<PortServers>();
        builder.Services.AddSingleton<IServer>(services => services.GetRequiredService<PortServers>());
        builder.Services.AddSingleton<ActiveConfig>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services => new BackendFailureLog(
            options.BackendFailureLogInterval, options.TimeProvider, services.GetRequiredService<ILogger<BackendFailureLog>>()));
        builder.Services.AddSingleton(services => new ClientFailureLog(options.ClientFailureLogInterval, options.TimeProvider,
            services.GetRequiredService<DataPlaneMetrics>(), services.GetRequiredService<ILogger<ClientFailureLog>>()));
        builder.Services.AddSingleton(services => new BackendExchange(services.GetRequiredService<IHttpForwarder>(), options.TimeProvider,
            services.GetRequiredService<BackendFailureLog>(), services.GetRequiredService<ClientFailureLog>(), services.GetRequiredService<ILogger<BackendExchange>>()));
        builder.Services.AddSingleton(services => new RequestMirrors(
            options.DefaultBackendRequestTimeout, options.TimeProvider, services.GetRequiredService<ILogger<RequestMirrors>>()));
        builder.Services.AddSingleton<GatewayRequestHandler>();
        builder.Services.AddSingleton(services => new HealthProbes(options.TimeProvider, services.GetRequiredService<ILogger<HealthProbes>>()));
        builder.Services.AddSingleton(services => new DataPlaneMetrics(
            services.GetRequiredService<IMeterFactory>(), services.GetRequiredService<ActiveConfig>(), options.TimeProvider));
        builder.Services.AddSingleton(await IntermediateCipherProfile.DetectAsync(
            loggerFactory.CreateLogger<IntermediateCipherProfile>(), cancellationToken));
        builder.Services.AddSingleton(services => new DataPlaneConfigBuilder(options, services.GetRequiredService<IntermediateCipherProfile>(),
            services.GetRequiredService<DataPlaneMetrics>(), services.GetRequiredService<ILogger<DataPlaneConfigBuilder>>(),
            services.GetRequiredService<ILogger<EndpointHealth>>()));
        var host = builder.Build();
        host.Run(host.Services.GetRequiredService<GatewayRequestHandler>().HandleAsync);
        await host.StartAsync(cancellationToken);
        return new GatewayDataPlane(options, host);
    }

    /// <summary>
    /// Starts, in the background, the work every data plane of the process shares (finding whether OpenSSL's
    /// configuration gives the published cipher profile), so that it overlaps the rest of the process's start.
    /// </summary>
    public static void StartWarmingUp() => IntermediateCipherProfile.StartProbe();

    /// <summary>Serves <paramref name="ir"/> from now on, opening and closing ports as it requires.</summary>
    public async Task ApplyAsync(GatewayIr ir, CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var previous = _active.Current;
            if (!ir.Equals(previous.Ir))
            {
                var next = _builder.Build(ir, previous);
                _active.Replace(next);
                _probes.Follow(next);
                RetireClients(previous, next);
                _metrics.Applied(previous, next);
            }
            // Ports follow the swap: a new port opens already serving the new configuration, and a request
            // reaching a port about to close meanwhile finds no route. Closing first frees a port number
            // whose protocol changed.
            var wanted = ir.Ports.ToDictionary(p => p.Port, p => p.Protocol);
            var closing = _ports.Listeners.Values
                .Where(l => !wanted.TryGetValue(l.Port, out var protocol) || protocol != l.Protocol)
                .Select(l => l.Port)
                .ToList();
            using (var drain = new CancellationTokenSource(_options.DrainTimeout))
            {
                await _ports.CloseAsync(closing, drain.Token);
            }
            await OpenPortsAsync(ir, cancellationToken);
        }
        finally
        {
            _applying.Release();
        }
    }

    private static void RetireClients(DataPlaneConfig previous, DataPlaneConfig next)
    {
        var kept = next.Clusters.Values.Select(c => c.Client).OfType<object>().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var cluster in previous.Clusters.Values)
        {
            if (cluster.Client is not null && !kept.Contains(cluster.Client))
            {
                cluster.Client.Retire();
            }
        }
    }

    private async Task OpenPortsAsync(GatewayIr ir, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<int, string>();
        foreach (var port in ir.Ports)
        {
            if (_ports.Listeners.ContainsKey(port.Port) || errors.ContainsKey(port.Port))
            {
                continue;
            }
            var bindPort = _options.BindToFreePorts ? 0 : port.Port + _options.PortOffset;
            if (bindPort is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
            {
                errors[port.Port] = $"port {port.Port} with offset {_options.PortOffset} is outside 0-65535";
                Log.PortFailed(_logger, port.Port, errors[port.Port]);
                continue;
            }
            var tls = port.Protocol == PortProtocol.Https
                ? new FrontendTls(_active, port.Port, _options.FrontendHandshakeTimeout, _metrics, _host.Services.GetRequiredService<ILogger<FrontendTls>>()).CallbackOptions()
                : null;
            var connections = port.Protocol == PortProtocol.Tls
                ? new TlsConnectionHandler(_active, port.Port, _options, _host.Services.GetRequiredService<ClientFailureLog>(),
                    _host.Services.GetRequiredService<BackendFailureLog>(), _host.Services.GetRequiredService<ILogger<TlsConnectionHandler>>()).HandleAsync
                : (ConnectionDelegate?)null;
            try
            {
                await _ports.OpenAsync(port.Port, port.Protocol, new IPEndPoint(_options.ListenAddress, bindPort), tls, connections, cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
            {
                errors[port.Port] = $"cannot listen on {_options.ListenAddress}:{bindPort}: {e.Message}";
                Log.PortFailed(_logger, port.Port, errors[port.Port]);
            }
        }
        BoundPorts = _ports.Listeners.Values.ToFrozenDictionary(l => l.Port, l => l.BoundPort);
        PortErrors = errors.ToFrozenDictionary();
    }

    public async ValueTask DisposeAsync()
    {
        await _applying.WaitAsync(CancellationToken.None);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            using (var drain = new CancellationTokenSource(_options.DrainTimeout))
            {
                await _host.StopAsync(drain.Token);
            }
            BoundPorts = FrozenDictionary<int, int>.Empty;
            _probes.Follow(DataPlaneConfig.Empty);
            RetireClients(_active.Replace(DataPlaneConfig.Empty), DataPlaneConfig.Empty);
            await _host.DisposeAsync();
        }
        finally
        {
            _applying.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Port {Port} is not served: {Reason}")]
        public static partial void PortFailed(ILogger logger, int port, string reason);
    }
}
