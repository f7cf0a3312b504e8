namespace AzureGateway.Functions.Hosting;

/// <summary>
/// The answer to any request whose work failed: 500, so Event Grid and the Functions host retry, and a fixed
/// sentence, so nothing of the exception (vault names, cluster addresses, stack) reaches the caller. The exception
/// itself is logged by the exception handler middleware.
/// </summary>
internal static class SyncFailureResponse
{
    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return context.Response.WriteAsJsonAsync(new { error = "The certificate sync failed; the request can be retried." });
    }
}
