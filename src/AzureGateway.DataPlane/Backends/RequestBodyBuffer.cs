using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// Reads a request body into memory so it can be sent more than once (a retry, a mirror). Only a body whose length
/// the client declared (Content-Length) and that fits <see cref="DataPlaneOptions.MaxBufferedRequestBodyBytes"/> is
/// read; any other is streamed to the backend once, as without retry or mirror.
/// </summary>
internal static class RequestBodyBuffer
{
    /// <summary>
    /// The body, now also in memory and served again from there; empty for a request without a body; null when the
    /// body cannot be buffered (no declared length, or too long) and was left untouched.
    /// </summary>
    public static async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        var length = request.ContentLength;
        if (length == 0 || (length is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false))
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        if (length is null || length > limit)
        {
            return null;
        }
        var buffer = new byte[length.Value];
        await request.Body.ReadExactlyAsync(buffer, context.RequestAborted);
        request.Body = new MemoryStream(buffer, writable: false);
        return buffer;
    }
}
