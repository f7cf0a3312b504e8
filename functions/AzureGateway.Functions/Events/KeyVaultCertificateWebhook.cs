using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace AzureGateway.Functions.Events;

/// <summary>
/// The Key Vault certificate events delivered by a plain Event Grid webhook subscription, with both handshakes:
/// Event Grid schema subscription validation, and the CloudEvents v1.0 abuse-protection OPTIONS request. A body that
/// is not a delivery is answered 400, so Event Grid dead-letters it instead of retrying it for a day.
/// </summary>
internal sealed class KeyVaultCertificateWebhook(KeyVaultEventProcessor processor, IOptions<WebhookOptions> options)
{
    public const string Route = "keyvault/certificate-events";

    [Function(nameof(KeyVaultCertificateWebhook))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (HttpMethods.IsOptions(request.Method))
        {
            return AbuseProtectionHandshake(request);
        }
        var maxBytes = options.Value.MaxBodyBytes;
        if (await LimitedBody.ReadAsync(request, maxBytes, cancellationToken) is not { } payload)
        {
            return new ObjectResult(new { error = $"the body is larger than {maxBytes} bytes" }) { StatusCode = StatusCodes.Status413PayloadTooLarge };
        }
        if (!KeyVaultEventReader.TryRead(payload, out var events, out var problem))
        {
            return new BadRequestObjectResult(new { error = problem });
        }
        return await processor.ProcessAsync(events, cancellationToken) is { } code
            ? new OkObjectResult(new { validationResponse = code })
            : new OkResult();
    }

    /// <summary>
    /// CloudEvents v1.0 webhook abuse protection: the sender asks, with its origin, whether it may deliver here.
    /// Any rate is allowed because the sync's writes are idempotent and the subscription's own filter limits it.
    /// </summary>
    private static IActionResult AbuseProtectionHandshake(HttpRequest request)
    {
        if (request.Headers["WebHook-Request-Origin"].ToString() is not { Length: > 0 } origin)
        {
            return new BadRequestObjectResult(new { error = "the WebHook-Request-Origin header is missing" });
        }
        request.HttpContext.Response.Headers["WebHook-Allowed-Origin"] = origin;
        request.HttpContext.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return new OkResult();
    }
}
