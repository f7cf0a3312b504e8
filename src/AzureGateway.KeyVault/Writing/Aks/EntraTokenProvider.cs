using System.Net.Http.Headers;
using Azure.Core;
using k8s.Authentication;

namespace AzureGateway.KeyVault.Writing.Aks;

/// <summary>
/// The bearer for each request to an AKS API server: an Entra token for the AKS server application, asked for again
/// shortly before it expires, so that a long-running app never sends an expired one.
/// </summary>
internal sealed class EntraTokenProvider(TokenCredential credential, TimeProvider time) : ITokenProvider
{
    /// <summary>The scope of the Entra application every AKS cluster with Entra integration accepts tokens for.</summary>
    public const string AksScope = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

    // Ahead of expiry by more than a request can take, and than clocks differ by.
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private static readonly TokenRequestContext Request = new([AksScope]);

    private readonly Lock _lock = new();
    private AccessToken? _current;

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        // Concurrent requests near expiry may each ask; the credential caches, and the last answer wins harmlessly.
        AccessToken? held;
        lock (_lock)
        {
            held = _current;
        }
        if (held is not { } token || time.GetUtcNow() >= RefreshAt(token))
        {
            token = await credential.GetTokenAsync(Request, cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                _current = token;
            }
        }
        return new AuthenticationHeaderValue("Bearer", token.Token);
    }

    private static DateTimeOffset RefreshAt(AccessToken token) => token.RefreshOn ?? token.ExpiresOn - RefreshMargin;
}
