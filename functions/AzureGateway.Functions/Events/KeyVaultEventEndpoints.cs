using System.Text.Json;
using AzureGateway.Functions.Hosting;

namespace AzureGateway.Functions.Events;

/// <summary>
/// Key Vault certificate events, reached two ways: as the Event Grid trigger the Functions host invokes with its
/// envelope, and as a plain Event Grid webhook (subscription validation and the CloudEvents OPTIONS handshake
/// included) for a subscription that delivers straight to the app.
/// </summary>
internal static class KeyVaultEventEndpoints
{
    /// <summary>The trigger's binding name in KeyVaultCertificateEvents/function.json: its key in the envelope's Data.</summary>
    public const string TriggerBinding = "eventGridEvent";

    public static void MapKeyVaultEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost(FunctionRoutes.KeyVaultCertificateEvents, FromHostAsync);
        app.MapPost(FunctionRoutes.KeyVaultCertificateWebhook, FromWebhookAsync);
        app.MapMethods(FunctionRoutes.KeyVaultCertificateWebhook, [HttpMethods.Options], AbuseProtectionHandshake);
    }

    private static async Task<IResult> FromHostAsync(InvocationRequest invocation, KeyVaultEventProcessor processor, CancellationToken cancellationToken)
    {
        if (invocation.Data is null || !invocation.Data.TryGetValue(TriggerBinding, out var trigger))
        {
            return Results.BadRequest(new { error = $"the invocation has no '{TriggerBinding}' in Data" });
        }
        // The host passes the event as JSON or as a string holding JSON, depending on the extension version.
        var payload = trigger.ValueKind == JsonValueKind.String
            ? BinaryData.FromString(trigger.GetString()!)
            : BinaryData.FromString(trigger.GetRawText());
        if (!KeyVaultEventReader.TryRead(payload, out var events, out var problem))
        {
            return Results.BadRequest(new { error = problem });
        }
        var outcome = await processor.ProcessAsync(events, cancellationToken);
        return Results.Ok(InvocationResponse.Logged(outcome.Logs));
    }

    private static async Task<IResult> FromWebhookAsync(HttpRequest request, KeyVaultEventProcessor processor, CancellationToken cancellationToken)
    {
        var payload = await BinaryData.FromStreamAsync(request.Body, cancellationToken);
        if (!KeyVaultEventReader.TryRead(payload, out var events, out var problem))
        {
            return Results.BadRequest(new { error = problem });
        }
        var outcome = await processor.ProcessAsync(events, cancellationToken);
        return outcome.ValidationCode is { } code ? Results.Ok(new { validationResponse = code }) : Results.Ok();
    }

    /// <summary>
    /// CloudEvents v1.0 webhook abuse protection: the sender asks, with its origin, whether it may deliver here.
    /// Any rate is allowed because the sync's writes are idempotent and the subscription's own filter limits it.
    /// </summary>
    private static IResult AbuseProtectionHandshake(HttpContext context)
    {
        if (context.Request.Headers["WebHook-Request-Origin"].ToString() is not { Length: > 0 } origin)
        {
            return Results.BadRequest(new { error = "the WebHook-Request-Origin header is missing" });
        }
        context.Response.Headers["WebHook-Allowed-Origin"] = origin;
        context.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }
}
