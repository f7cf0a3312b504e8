using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AzureGateway.DataPlane.TlsRouting;

/// <summary>What the first bytes of a connection say, so far, about the client's TLS ClientHello.</summary>
internal enum ClientHelloStatus
{
    /// <summary>The ClientHello is not complete yet: read more.</summary>
    Incomplete,

    /// <summary>A whole ClientHello was read; <see cref="ClientHello.ServerName"/> is its SNI, if it sent one.</summary>
    Complete,

    /// <summary>The bytes are not a TLS ClientHello (or break its structure): the connection is closed.</summary>
    NotAClientHello,

    /// <summary>The ClientHello is larger than the gateway reads before choosing a route.</summary>
    TooLarge,
}

/// <summary>
/// Reads the server name (SNI, RFC 6066) from the ClientHello at the start of a TLS connection without taking the bytes
/// off the connection: a route is chosen from it, then the same bytes go on to the backend (passthrough) or to the
/// gateway's own TLS (terminate). The ClientHello may span several TLS records (RFC 8446 §5.1); at most
/// <see cref="MaxBytes"/> are read, so a client cannot make the gateway buffer more.
/// </summary>
internal readonly record struct ClientHello(ClientHelloStatus Status, string? ServerName)
{
    /// <summary>
    /// The bytes read at most before the ClientHello must be complete: a ClientHello with post-quantum key shares and
    /// many extensions is 2-3 KB; 16 KiB is a full TLS record, what OpenSSL and Go accept in one ClientHello read.
    /// </summary>
    public const int MaxBytes = 16 * 1024 + 5;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;
    private const ushort ServerNameExtension = 0;
    private const byte HostName = 0;

    /// <summary>Parses the connection's first bytes as they are so far.</summary>
    public static ClientHello Read(ReadOnlySequence<byte> received)
    {
        var length = (int)Math.Min(received.Length, MaxBytes);
        Span<byte> bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        received.Slice(0, length).CopyTo(bytes);
        var result = Read(bytes);
        return result.Status == ClientHelloStatus.Incomplete && received.Length >= MaxBytes
            ? new ClientHello(ClientHelloStatus.TooLarge, null)
            : result;
    }

    private static ClientHello Read(ReadOnlySpan<byte> bytes)
    {
        // The handshake message, gathered from the fragments of consecutive handshake records.
        var message = new ArrayBufferWriter<byte>(Math.Max(bytes.Length, 1));
        var offset = 0;
        while (true)
        {
            if (bytes.Length - offset < 5)
            {
                return Incomplete(offset, bytes);
            }
            var header = bytes.Slice(offset, 5);
            // A record: type, legacy version 3.x, 16-bit length of at most 2^14 (RFC 8446 §5.1).
            var fragmentLength = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
            if (header[0] != HandshakeRecord || header[1] != 3 || fragmentLength is 0 or > 16 * 1024)
            {
                return Refused;
            }
            if (bytes.Length - offset - 5 < fragmentLength)
            {
                return new ClientHello(ClientHelloStatus.Incomplete, null);
            }
            message.Write(bytes.Slice(offset + 5, fragmentLength));
            offset += 5 + fragmentLength;
            var written = message.WrittenSpan;
            if (written.Length < 4)
            {
                continue;
            }
            if (written[0] != ClientHelloMessage)
            {
                return Refused;
            }
            var bodyLength = written[1] << 16 | written[2] << 8 | written[3];
            if (bodyLength > MaxBytes)
            {
                return new ClientHello(ClientHelloStatus.TooLarge, null);
            }
            if (written.Length - 4 >= bodyLength)
            {
                return Body(written.Slice(4, bodyLength));
            }
        }
    }

    private static ClientHello Incomplete(int offset, ReadOnlySpan<byte> bytes) =>
        // The first byte alone tells a client that does not speak TLS at all (a plain HTTP request, say).
        offset == 0 && bytes.Length > 0 && bytes[0] != HandshakeRecord ? Refused : new ClientHello(ClientHelloStatus.Incomplete, null);

    private static readonly ClientHello Refused = new(ClientHelloStatus.NotAClientHello, null);

    /// <summary>The ClientHello body (RFC 8446 §4.1.2): versions, random, session id, suites, compression, extensions.</summary>
    private static ClientHello Body(ReadOnlySpan<byte> body)
    {
        var reader = new SpanReader(body);
        if (!reader.Skip(2 + 32) || !reader.SkipVector8() || !reader.SkipVector16() || !reader.SkipVector8())
        {
            return Refused;
        }
        if (reader.AtEnd)
        {
            return new ClientHello(ClientHelloStatus.Complete, null); // no extensions, so no SNI (TLS 1.2 allows it)
        }
        if (!reader.Vector16(out var extensions) || !reader.AtEnd)
        {
            return Refused;
        }
        var list = new SpanReader(extensions);
        while (!list.AtEnd)
        {
            if (!list.UInt16(out var type) || !list.Vector16(out var data))
            {
                return Refused;
            }
            if (type == ServerNameExtension)
            {
                return HostNameOf(data) is { } name
                    ? new ClientHello(ClientHelloStatus.Complete, name)
                    : Refused;
            }
        }
        return new ClientHello(ClientHelloStatus.Complete, null);
    }

    /// <summary>The host_name of a server_name extension (RFC 6066 §3), as a lower-case DNS name; null when malformed.</summary>
    private static string? HostNameOf(ReadOnlySpan<byte> extension)
    {
        var outer = new SpanReader(extension);
        if (!outer.Vector16(out var names) || !outer.AtEnd)
        {
            return null;
        }
        var list = new SpanReader(names);
        while (!list.AtEnd)
        {
            if (!list.Byte(out var nameType) || !list.Vector16(out var name))
            {
                return null;
            }
            if (nameType == HostName)
            {
                // RFC 6066: ASCII, no trailing dot; anything else is not a name a route can match.
                return name.Length is > 0 and <= 255 && IsHostName(name) ? Encoding.ASCII.GetString(name).ToLowerInvariant() : null;
            }
        }
        return null;
    }

    private static bool IsHostName(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads TLS's big-endian integers and length-prefixed vectors, never past the end.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private ReadOnlySpan<byte> _rest = span;

        public readonly bool AtEnd => _rest.IsEmpty;

        public bool Skip(int count)
        {
            if (_rest.Length < count)
            {
                return false;
            }
            _rest = _rest[count..];
            return true;
        }

        public bool Byte(out byte value)
        {
            value = _rest.IsEmpty ? (byte)0 : _rest[0];
            return Skip(1);
        }

        public bool UInt16(out ushort value)
        {
            value = _rest.Length < 2 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_rest);
            return Skip(2);
        }

        public bool SkipVector8() => Byte(out var length) && Skip(length);

        public bool SkipVector16() => Vector16(out _);

        public bool Vector16(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            if (!UInt16(out var length) || _rest.Length < length)
            {
                return false;
            }
            vector = _rest[..length];
            _rest = _rest[length..];
            return true;
        }
    }
}
