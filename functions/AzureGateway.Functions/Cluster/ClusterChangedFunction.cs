using AzureGateway.Functions.Events;
using AzureGateway.KeyVault;
using AzureGateway.KeyVault.Notifying;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace AzureGateway.Functions.Cluster;

/// <summary>
/// The gateway's notice that bound Secrets or ConfigMaps are new, were rebound, or lost their version record: just
/// those are read and filled, so a new binding serves within seconds instead of at the next reconcile. The caller is
/// authenticated by App Service authentication with an Entra token of the gateway's own identity, not by a function
/// key (hence the anonymous level the host sees); the function still refuses any call without a principal of exactly
/// the allowed application, so the endpoint is closed wherever that authentication is not configured.
/// </summary>
internal sealed partial class ClusterChangedFunction(
    ICertificateSync sync,
    IOptions<WebhookOptions> limits,
    IOptions<ClusterChangedOptions> options,
    ILogger<ClusterChangedFunction> logger)
{
    public const string Route = "cluster-changed";

    /// <summary>Answers with the report <c>{updated, unchanged, problems}</c> of the named objects.</summary>
    [Function("ClusterChanged")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Refusal(request) is { } refused)
        {
            return refused;
        }
        var maxBytes = limits.Value.MaxBodyBytes;
        if (await LimitedBody.ReadAsync(request, maxBytes, cancellationToken) is not { } body)
        {
            return new ObjectResult(new { error = $"the body is larger than {maxBytes} bytes" }) { StatusCode = StatusCodes.Status413PayloadTooLarge };
        }
        if (!ClusterChange.TryRead(body, out var objects, out var problem))
        {
            return new BadRequestObjectResult(new { error = problem });
        }
        var report = await sync.ObjectsChangedAsync(objects, cancellationToken);
        Log.Filled(logger, objects.Count, report.Updated, report.Unchanged, report.Problems.Count);
        foreach (var found in report.Problems)
        {
            Log.Problem(logger, found);
        }
        return new OkObjectResult(report);
    }

    /// <summary>Why the caller may not send notices (401 without a principal, 403 for another one), or null when it may.</summary>
    private ObjectResult? Refusal(HttpRequest request)
    {
        if (options.Value.AllowedClientId is not { Length: > 0 } allowed)
        {
            return Refuse(StatusCodes.Status403Forbidden,
                $"cluster change notices are not enabled: {ClusterChangedOptions.Section}__{nameof(ClusterChangedOptions.AllowedClientId)} is not set; the 15-minute reconcile fills new bindings");
        }
        if (AppServicePrincipal.CallerApplication(request) is not { } caller)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Refuse(StatusCodes.Status401Unauthorized, "the call carries no Entra token that App Service authentication accepted");
        }
        if (!string.Equals(caller, allowed, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status403Forbidden, $"application {caller} may not send cluster change notices");
        }
        return null;
    }

    private ObjectResult Refuse(int status, string reason)
    {
        // Debug only: anyone on the internet can knock here, and the gateway logs its own refused notices.
        Log.Refused(logger, status, reason);
        return new ObjectResult(new { error = reason }) { StatusCode = status };
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Filled {Named} object(s) named by a cluster change notice: {Updated} updated, {Unchanged} unchanged, {Problems} problem(s)")]
        public static partial void Filled(ILogger logger, int named, int updated, int unchanged, int problems);

        [LoggerMessage(2, LogLevel.Warning, "Filling objects named by a cluster change notice: {Problem}")]
        public static partial void Problem(ILogger logger, string problem);

        [LoggerMessage(3, LogLevel.Debug, "Refused a cluster change notice ({Status}): {Reason}")]
        public static partial void Refused(ILogger logger, int status, string reason);
    }
}
