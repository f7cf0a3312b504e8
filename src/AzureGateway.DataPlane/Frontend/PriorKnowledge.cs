using System.Buffers;
using System.IO.Pipelines;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// Tells an HTTP/2 client with prior knowledge (RFC 9113 §3.3: it starts with the connection preface, no TLS and no
/// upgrade; how every gRPC client dials a plain-text address) from an HTTP/1.1 one, by the connection's first bytes.
/// </summary>
/// <remarks>
/// Nothing is consumed: the bytes stay in the pipe for whichever protocol then reads the connection. Only as many
/// bytes are examined as the answer needed, so that reader's first read returns the bytes already there instead of
/// waiting for more. An HTTP/1.1 request line differs from the preface at its first or second byte (no method is
/// <c>PRI</c>), so an HTTP/1.1 client is told apart as soon as it sends anything.
/// </remarks>
internal static class PriorKnowledge
{
    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>True when the client sent the HTTP/2 preface; false for anything else, or for a connection closed first.</summary>
    public static async ValueTask<bool> IsHttp2Async(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var (verdict, examined) = Classify(read.Buffer);
            if (verdict is null && !read.IsCompleted)
            {
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                continue;
            }
            input.AdvanceTo(read.Buffer.Start, read.Buffer.GetPosition(examined));
            return verdict ?? false;
        }
    }

    /// <summary>
    /// Whether <paramref name="received"/> starts with the preface (null while it is a shorter part of it), and how
    /// many bytes that took: never fewer than an earlier, undecided call examined, as the pipe requires.
    /// </summary>
    internal static (bool? IsHttp2, long Examined) Classify(ReadOnlySequence<byte> received)
    {
        Span<byte> start = stackalloc byte[Preface.Length];
        var length = (int)Math.Min(received.Length, Preface.Length);
        received.Slice(0, length).CopyTo(start);
        var common = start[..length].CommonPrefixLength(Preface);
        return common < length ? (false, common + 1)
            : length == Preface.Length ? (true, length)
            : (null, received.Length);
    }
}
