namespace AzureGateway.IR;

/// <summary>
/// The Gateway API's HTTPRouteRetry: a request whose answer has one of <c>Codes</c>, or whose backend could not be
/// reached, is tried again up to <c>Attempts</c> more times, waiting <c>Backoff</c> between tries.
/// </summary>
public sealed record RetryIr
{
    public EquatableArray<int> Codes { get; init; } = EquatableArray<int>.Empty;
    public int Attempts { get; init; }
    public TimeSpan? Backoff { get; init; }
}
