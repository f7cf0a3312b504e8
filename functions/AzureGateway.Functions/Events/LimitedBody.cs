using Microsoft.AspNetCore.Http;

namespace AzureGateway.Functions.Events;

/// <summary>A request body read into memory only up to a limit, so a huge body costs neither memory nor a 500.</summary>
internal static class LimitedBody
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (declared or as sent).</summary>
    public static async Task<BinaryData?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                return null;
            }
            body.Write(chunk, 0, read);
        }
        return new BinaryData(body.ToArray());
    }
}
