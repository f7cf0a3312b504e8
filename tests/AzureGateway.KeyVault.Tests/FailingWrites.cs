using System.Net;

namespace AzureGateway.KeyVault.Tests;

/// <summary>Sits in front of the Kubernetes client and fails its next writes with 503, as an overloaded API server does.</summary>
public sealed class FailingWrites : DelegatingHandler
{
    private readonly Lock _lock = new();
    private int _failNext;
    private string? _plural;

    /// <summary>Fails the next writes, or only the next writes to one collection (<c>secrets</c>, <c>configmaps</c>).</summary>
    public void FailNext(int count, string? plural = null)
    {
        lock (_lock)
        {
            (_failNext, _plural) = (count, plural);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        ShouldFail(request)
            ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new StringContent("{}") })
            : base.SendAsync(request, cancellationToken);

    private bool ShouldFail(HttpRequestMessage request)
    {
        lock (_lock)
        {
            if (request.Method != HttpMethod.Patch || _failNext == 0
                || (_plural is not null && !request.RequestUri!.AbsolutePath.Contains($"/{_plural}/", StringComparison.Ordinal)))
            {
                return false;
            }
            _failNext--;
            return true;
        }
    }
}
