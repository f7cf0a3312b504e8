using System.Net.Security;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The TLS stream to a backend, naming a TLS alert that arrives instead of the backend's first byte. With TLS 1.3
/// the client finishes its handshake before the server has judged the client certificate, so a backend refusing
/// it with an alert shows up only here. Anything else (an end without an alert, a reset, a cancelled read) passes
/// through as it came: it says nothing about certificates. After the first byte it only passes data through.
/// <paramref name="answered"/> hears how the first read went: null for bytes, the refusal for an alert.
/// </summary>
internal sealed class BackendTlsStream(
    SslStream inner, Func<IOException, BackendConnectException?> refusal, Action<BackendFailure?> answered) : Stream
{
    private bool _answered;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _answered || buffer.IsEmpty ? inner.ReadAsync(buffer, cancellationToken) : FirstReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (_answered || buffer.IsEmpty)
        {
            return inner.Read(buffer);
        }
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (IOException e) when (refusal(e) is { } refused)
        {
            answered(refused.Failure);
            throw refused;
        }
        return Answered(read);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private async ValueTask<int> FirstReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (refusal(e) is { } refused)
        {
            answered(refused.Failure);
            throw refused;
        }
        return Answered(read);
    }

    private int Answered(int read)
    {
        // An end of stream is no answer: the connection closed before the backend said anything.
        if (read > 0)
        {
            _answered = true;
            answered(null);
        }
        return read;
    }
}
