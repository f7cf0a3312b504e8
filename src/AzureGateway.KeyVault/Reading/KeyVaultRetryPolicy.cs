using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace AzureGateway.KeyVault.Reading;

/// <summary>
/// The Key Vault clients' own retry (408, 429, 5xx, lost connections; exponential backoff with jitter, honouring
/// <c>Retry-After</c>), which the sync relies on instead of retrying Key Vault itself, with each retry logged.
/// </summary>
internal sealed partial class KeyVaultRetryPolicy(int attempts, TimeSpan firstDelay, ILogger logger)
    : RetryPolicy(Math.Max(0, attempts - 1), DelayStrategy.CreateExponentialDelayStrategy(firstDelay, MaxDelay))
{
    // Key Vault's throttling windows are seconds long; waiting longer only delays the report.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        Logged(message, exception, await base.ShouldRetryAsync(message, exception).ConfigureAwait(false));

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        Logged(message, exception, base.ShouldRetry(message, exception));

    private bool Logged(HttpMessage message, Exception? exception, bool retrying)
    {
        if (retrying)
        {
            // Bodies are left out: a Key Vault answer can carry key material.
            Log.Retrying(logger, message.Request.Uri.Host ?? "", exception is null ? $"Key Vault answered {message.Response.Status}" : exception.Message);
        }
        return retrying;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Key Vault {Vault}: {Reason}; trying again")]
        public static partial void Retrying(ILogger logger, string vault, string reason);
    }
}
