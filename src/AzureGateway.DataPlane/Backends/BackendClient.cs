namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// A cluster's pooled HTTP client, shared by every request to the cluster and kept across configurations
/// while the cluster's TLS settings stay equal. When they change, the configuration that stops using it
/// retires it: requests already sending on it finish, then it is disposed and its pooled connections close.
/// The health of the endpoints it connects to lives as long as it does.
/// </summary>
internal sealed class BackendClient(HttpMessageInvoker invoker, BackendConnector connector)
{
    // One lease belongs to the configuration that holds the client; each request in flight holds another.
    private int _leases = 1;

    public HttpMessageInvoker Invoker { get; } = invoker;

    /// <summary>How the client connects: health probes connect the same way, with the same TLS.</summary>
    public BackendConnector Connector { get; } = connector;

    public EndpointHealth Health => Connector.Health;

    /// <summary>Takes a lease for one request; false once the client has been retired and drained.</summary>
    public bool TryAcquire()
    {
        var leases = Volatile.Read(ref _leases);
        while (leases > 0)
        {
            var seen = Interlocked.CompareExchange(ref _leases, leases + 1, leases);
            if (seen == leases)
            {
                return true;
            }
            leases = seen;
        }
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            Invoker.Dispose();
        }
    }

    /// <summary>Gives up the configuration's lease; called once, when no configuration uses the client any more.</summary>
    public void Retire() => Release();
}
