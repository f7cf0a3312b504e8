using System.Net;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>A request body sent in two parts: the first at once, the rest when the test says so.</summary>
internal sealed class TwoPartContent(int firstBytes, int restBytes) : HttpContent
{
    private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void SendRest() => _rest.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(new byte[firstBytes]);
        // Flushed so the request (headers and first part) leaves the client instead of waiting in its buffer.
        await stream.FlushAsync();
        await _rest.Task.WaitAsync(Wait.Timeout);
        await stream.WriteAsync(new byte[restBytes]);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
