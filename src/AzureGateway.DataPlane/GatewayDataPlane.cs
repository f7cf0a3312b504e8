using System.Net;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane;

public sealed record DataPlaneOptions
{
    /// <summary>Added to every listener port, so a Gateway's 443 can run unprivileged as 443 + offset.</summary>
    public int PortOffset { get; init; }

    /// <summary>The address listeners bind to.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;
}

/// <summary>
/// Kestrel + YARP serving a <see cref="GatewayIr"/>. <see cref="ApplyAsync"/> swaps in a new IR atomically:
/// requests in flight finish on the old settings, new connections and handshakes use the new ones.
/// </summary>
public sealed class GatewayDataPlane : IAsyncDisposable
{
    private GatewayDataPlane()
    {
    }

    public static Task<GatewayDataPlane> StartAsync(DataPlaneOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        _ = options;
        _ = loggerFactory;
        _ = cancellationToken;
        return Task.FromResult(new GatewayDataPlane());
    }

    /// <summary>Serves <paramref name="ir"/> from now on, opening and closing ports as it requires.</summary>
    public Task ApplyAsync(GatewayIr ir, CancellationToken cancellationToken)
    {
        _ = ir;
        _ = cancellationToken;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
