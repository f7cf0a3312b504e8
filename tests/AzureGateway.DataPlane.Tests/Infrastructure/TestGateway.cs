using System.Net;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>A data plane on loopback with OS-chosen ports, collecting its warnings.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(GatewayDataPlane dataPlane, LogCollector logs)
    {
        DataPlane = dataPlane;
        Logs = logs;
    }

    public GatewayDataPlane DataPlane { get; }
    public LogCollector Logs { get; }

    public static async Task<TestGateway> StartAsync(GatewayIr ir, DataPlaneOptions? options = null)
    {
        var logs = new LogCollector();
        options ??= new DataPlaneOptions();
        var dataPlane = await GatewayDataPlane.StartAsync(
            options with { ListenAddress = IPAddress.Loopback, BindToFreePorts = true }, logs, CancellationToken.None);
        await dataPlane.ApplyAsync(ir, CancellationToken.None);
        return new TestGateway(dataPlane, logs);
    }

    /// <summary>A client for the listener of the IR's <paramref name="port"/>.</summary>
    public TestClient Client(int port, Version? version = null) => new(DataPlane.BoundPorts[port], version);

    public Task ApplyAsync(GatewayIr ir) => DataPlane.ApplyAsync(ir, CancellationToken.None);

    public ValueTask DisposeAsync() => DataPlane.DisposeAsync();
}
