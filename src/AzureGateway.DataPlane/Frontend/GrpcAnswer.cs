using System.Text;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// A failure the gateway answers itself, as a gRPC client reads one: HTTP 200, <c>content-type: application/grpc</c> and
/// a trailers-only answer (the headers end the stream) carrying <c>grpc-status</c> and <c>grpc-message</c>. A gRPC client
/// reports an HTTP error status or a text body as a protocol error that hides what went wrong; a status code it knows
/// tells it whether trying again can help. Used for requests to a gRPC route (a GRPCRoute) and for any request whose
/// content type is gRPC's.
/// </summary>
internal static class GrpcAnswer
{
    /// <summary>The status codes of the gRPC protocol this gateway answers with.</summary>
    public const int Unknown = 2, DeadlineExceeded = 4, ResourceExhausted = 8, Unimplemented = 12, Internal = 13, Unavailable = 14;

    /// <summary>Marks the request as one for a gRPC route, or unmarks it when it was routed again to another kind.</summary>
    public static void ForRoute(HttpContext context, bool grpc) => context.Features.Set(grpc ? GrpcRoute.Instance : null);

    /// <summary>Whether the request's failures are answered the gRPC way.</summary>
    public static bool Wanted(HttpContext context) =>
        context.Features.Get<GrpcRoute>() is not null
        || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The gRPC status for the HTTP status the gateway would answer: no route is UNIMPLEMENTED; a backend not reached (not
    /// connected, TLS refused, no endpoint in rotation, another listener's host) UNAVAILABLE, which a client may retry; a
    /// time limit DEADLINE_EXCEEDED; a route or backend that cannot serve INTERNAL, as is a request the gateway refused
    /// as malformed; a body over the limit RESOURCE_EXHAUSTED. Anything else is UNKNOWN, as gRPC's own HTTP mapping says.
    /// </summary>
    public static int StatusFor(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status404NotFound => Unimplemented,
        StatusCodes.Status421MisdirectedRequest or StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable => Unavailable,
        StatusCodes.Status504GatewayTimeout => DeadlineExceeded,
        StatusCodes.Status400BadRequest or StatusCodes.Status500InternalServerError => Internal,
        StatusCodes.Status413PayloadTooLarge => ResourceExhausted,
        _ => Unknown,
    };

    /// <summary>Answers, in place of <paramref name="httpStatus"/> and its text, with the gRPC status it stands for.</summary>
    public static Task RespondAsync(HttpContext context, int httpStatus, string message)
    {
        // Whatever an earlier try or the forwarder put on the unsent answer (a 502, Retry-After) is not the client's.
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = StatusFor(httpStatus).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Encode(message);
        // No body and no trailers: Kestrel sends the headers with the end of the stream, which is gRPC's trailers-only answer.
        return Task.CompletedTask;
    }

    /// <summary>The percent-encoding gRPC asks of <c>grpc-message</c>: printable ASCII but '%' as is, every other UTF-8 byte as %XX.</summary>
    private static string Encode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }

    /// <summary>Present on a request routed to a gRPC route.</summary>
    private sealed class GrpcRoute
    {
        public static readonly GrpcRoute Instance = new();
    }
}
