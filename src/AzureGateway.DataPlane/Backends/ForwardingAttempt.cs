namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// One try of a request that may be tried again, set on the request's features while it runs, so the route's
/// transformer can hold back an answer with a retryable status instead of sending it to the client.
/// </summary>
internal sealed class ForwardingAttempt(RetryPolicy retry)
{
    /// <summary>The last try: its answer goes to the client whatever its status.</summary>
    public bool IsLast { get; set; }

    /// <summary>The status of the answer held back by this try, or null when it was not held back.</summary>
    public int? HeldBackStatus { get; set; }

    /// <summary>Whether an answer with <paramref name="status"/> is dropped for another try; remembers it when it is.</summary>
    public bool HoldsBack(int status)
    {
        if (IsLast || !retry.RetriesOn(status))
        {
            return false;
        }
        HeldBackStatus = status;
        return true;
    }
}
