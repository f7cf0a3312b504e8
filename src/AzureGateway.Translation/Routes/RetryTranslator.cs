using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// <c>rules[].retry</c> to IR: status codes from 400 to 599, each once; at least one attempt; a Gateway API
/// duration as backoff. The spec leaves the number of attempts to the implementation when it is not set: one retry,
/// as Envoy does by default.
/// </summary>
public static class RetryTranslator
{
    private const int DefaultAttempts = 1;

    public static RetryIr? Translate(HttpRouteRetry? retry, List<string> problems)
    {
        if (retry is null)
        {
            return null;
        }
        var codes = retry.Codes ?? [];
        foreach (var code in codes.Where(c => c is < 400 or > 599))
        {
            problems.Add($"retry.codes {code} is not between 400 and 599");
        }
        foreach (var code in codes.GroupBy(c => c).Where(g => g.Count() > 1))
        {
            problems.Add($"retry.codes lists {code.Key} more than once");
        }
        // The schema sets no minimum: 0 is a retry stanza that retries nothing; only a negative count means nothing.
        if (retry.Attempts is < 0)
        {
            problems.Add($"retry.attempts {retry.Attempts} is negative");
        }
        return new RetryIr
        {
            Codes = codes,
            Attempts = retry.Attempts ?? DefaultAttempts,
            Backoff = GatewayDuration.Parse(retry.Backoff, "retry.backoff", problems),
        };
    }
}
