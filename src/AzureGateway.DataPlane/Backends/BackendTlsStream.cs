using System.Net.Security;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The TLS stream to a backend, naming a TLS alert that arrives instead of the backend's first byte. With TLS 1.3
/// the client finishes its handshake before the server has judged the client certificate, so a backend refusing
/// it with an alert shows up only here. Anything else (an end without an alert, a reset, a cancelled read) passes
/// through as it came: it says nothing about certificates. After the first byte it only passes data through.
/// <paramref name="answered"/> hears how the first read went: null for bytes, the refusal for an alert.
/// </summary>
/// <remarks>
/// An <see cref="SslStream"/> itself, not a wrapper: the HTTP client uses a connection it is handed as TLS only when it
/// is one, and then speaks HTTP/2 when ALPN agreed <c>h2</c> and sends the <c>https</c> scheme a backend over TLS expects.
/// The handshake reads the transport directly, so only reads of application data come through these overrides.
/// </remarks>
internal sealed class BackendTlsStream(
    Stream transport, Func<IOException, BackendConnectException?> refusal, Action<BackendFailure?> answered)
    : SslStream(transport, leaveInnerStreamOpen: false)
{
    private bool _answered;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _answered || buffer.IsEmpty ? base.ReadAsync(buffer, cancellationToken) : FirstReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_answered || count == 0)
        {
            return base.Read(buffer, offset, count);
        }
        int read;
        try
        {
            read = base.Read(buffer, offset, count);
        }
        catch (IOException e) when (refusal(e) is { } refused)
        {
            answered(refused.Failure);
            throw refused;
        }
        return Answered(read);
    }

    private async ValueTask<int> FirstReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await base.ReadAsync(buffer, cancellationToken);
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
