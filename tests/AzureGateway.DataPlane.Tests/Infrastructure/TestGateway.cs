using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>A data plane on loopback with OS-chosen ports, collecting its warnings.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private TestGateway(GatewayDataPlane dataPlane, FakeLogCollector logs, ILoggerFactory loggerFactory)
    {
        DataPlane = dataPlane;
        Logs = logs;
        _loggerFactory = loggerFactory;
    }

    public GatewayDataPlane DataPlane { get; }

    /// <summary>What the data plane logged at the level given to <see cref="StartAsync"/> and above; read it as <see cref="GatewayLogs"/>' lines.</summary>
    public FakeLogCollector Logs { get; }

    public static async Task<TestGateway> StartAsync(GatewayIr ir, DataPlaneOptions? options = null, LogLevel logLevel = LogLevel.Warning)
    {
        var logs = new FakeLogCollector();
        var loggerFactory = GatewayLogs.Into(logs, logLevel);
        options ??= new DataPlaneOptions();
        var dataPlane = await GatewayDataPlane.StartAsync(
            options with { ListenAddress = IPAddress.Loopback, BindToFreePorts = true }, loggerFactory, CancellationToken.None);
        await dataPlane.ApplyAsync(ir, CancellationToken.None);
        return new TestGateway(dataPlane, logs, loggerFactory);
    }

    /// <summary>
    /// A client for the listener of the IR's <paramref name="port"/>, presenting <paramref name="clientCertificate"/>
    /// followed by <paramref name="clientChain"/> when asked for a certificate.
    /// </summary>
    public TestClient Client(int port, Version? version = null, X509Certificate2? clientCertificate = null, params X509Certificate2[] clientChain) =>
        new(DataPlane.BoundPorts[port], version,
            clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, [.. clientChain], offline: true));

    public Task ApplyAsync(GatewayIr ir) => DataPlane.ApplyAsync(ir, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await DataPlane.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
