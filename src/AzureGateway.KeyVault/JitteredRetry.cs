using Polly;
using Polly.Retry;

namespace AzureGateway.KeyVault;

/// <summary>
/// The retry of our own calls (the API server's, the functions app's) that no client library retries for us:
/// exponential backoff with jitter, so replicas and objects failing together do not come back in step.
/// </summary>
internal static class JitteredRetry
{
    /// <param name="attempts">Tries, the first included.</param>
    /// <param name="firstDelay">The wait before the second try, around which each later wait doubles.</param>
    /// <param name="transient">Whether a failure may pass by asking again.</param>
    /// <param name="retrying">Told of each failure that is tried again (with the context of the call), and the wait before it.</param>
    public static ResiliencePipelineBuilder AddJitteredRetry(
        this ResiliencePipelineBuilder builder, int attempts, TimeSpan firstDelay, Func<Exception, bool> transient, Action<ResilienceContext, Exception?, TimeSpan> retrying) =>
        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(0, attempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = firstDelay,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(transient),
            OnRetry = retry =>
            {
                retrying(retry.Context, retry.Outcome.Exception, retry.RetryDelay);
                return ValueTask.CompletedTask;
            },
        });
}
