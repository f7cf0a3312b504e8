using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// <see cref="DataPlaneOptions.MaxConcurrentConnections"/> for one port: a connection beyond it is closed as soon as
/// it is accepted, without an answer.
/// </summary>
/// <remarks>
/// Kestrel's own limit counts each of a server's endpoints apart, and a plain-text port is two endpoints (HTTP/1.1
/// and h2c; see <see cref="CleartextHttpTransport"/>), so the port counts its connections here, once, in front of
/// every endpoint. As in Kestrel, a connection upgraded to a WebSocket leaves this count for
/// <c>MaxConcurrentUpgradedConnections</c>.
/// </remarks>
internal sealed partial class ConnectionQuota(long limit, ILogger logger)
{
    private long _open;

    public ConnectionDelegate Guard(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _open) > limit)
        {
            Interlocked.Decrement(ref _open);
            Log.Refused(logger, connection.ConnectionId, limit);
            await connection.DisposeAsync();
            return;
        }
        var place = new Place(this);
        connection.Features.Set<IDecrementConcurrentConnectionCountFeature>(place);
        try
        {
            await next(connection);
        }
        finally
        {
            place.ReleaseConnection();
        }
    };

    /// <summary>One connection's place in the count, given back once: when the connection ends or is upgraded.</summary>
    private sealed class Place(ConnectionQuota quota) : IDecrementConcurrentConnectionCountFeature
    {
        private int _released;

        public void ReleaseConnection()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref quota._open);
            }
        }
    }

    private static partial class Log
    {
        // Debug, as Kestrel logs its own refusals: at the limit every further connection would otherwise add a line.
        [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed unanswered: the port already has {Limit} connections open")]
        public static partial void Refused(ILogger logger, string connectionId, long limit);
    }
}
