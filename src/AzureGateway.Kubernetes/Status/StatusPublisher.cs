using System.Threading.Channels;
using AzureGateway.Translation;
using AzureGateway.Translation.Status;

namespace AzureGateway.Kubernetes.Status;

/// <summary>
/// Holds the latest statuses and writes them, off the serving path, whenever they change or this replica becomes
/// the leader. A replica that does not lead holds them without writing, ready to take over.
/// </summary>
public sealed class StatusPublisher(StatusWriter writer, Func<bool> isLeader)
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private IReadOnlyList<ResourceStatus>? _latest;

    /// <summary>Replaces the statuses to write; only the latest is ever written.</summary>
    public void Publish(IReadOnlyList<ResourceStatus> statuses)
    {
        Volatile.Write(ref _latest, statuses);
        Wake();
    }

    /// <summary>Asks for the latest statuses to be written again (leadership was just gained).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                if (isLeader() && Volatile.Read(ref _latest) is { } statuses)
                {
                    await writer.WriteAsync(statuses, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping is how publishing ends
        }
    }
}
