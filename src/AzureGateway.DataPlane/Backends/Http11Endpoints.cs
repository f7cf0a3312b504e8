using System.Collections.Concurrent;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The endpoints of a <see cref="IR.BackendProtocolIr.Negotiated"/> cluster that answered ALPN with HTTP/1.1. The HTTP
/// client, told so once, speaks HTTP/1.1 to them from then on, yet still asks for connections with its HTTP/2 request;
/// offering them only <c>http/1.1</c> keeps a backend that changes its mind from choosing <c>h2</c> on a connection the
/// client will use for HTTP/1.1. Kept as long as the client is (until the cluster's TLS settings or protocol change).
/// </summary>
internal sealed class Http11Endpoints
{
    private readonly ConcurrentDictionary<string, bool> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="key">The endpoint, as <see cref="EndpointHealth.Key"/> names it.</param>
    public void Add(string key) => _endpoints.TryAdd(key, true);

    public bool Contains(string key) => !_endpoints.IsEmpty && _endpoints.ContainsKey(key);
}
