using Azure.Core;

namespace AzureGateway.KeyVault.Tests.ArmServer;

/// <summary>
/// A credential whose token names the scope it was asked for, so a server can tell which audience a caller sent it;
/// records every request. Tokens live for <see cref="Lifetime"/> from the clock's now.
/// </summary>
public sealed class ScopedTokenCredential(TimeProvider time) : TokenCredential
{
    private readonly Lock _lock = new();
    private readonly List<string> _scopes = [];

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The scope of each token asked for, in order.</summary>
    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_lock)
            {
                return [.. _scopes];
            }
        }
    }

    public static string TokenFor(string scope, int issued) => $"token-{issued}-for-{scope}";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var scope = string.Join(' ', requestContext.Scopes);
        int issued;
        lock (_lock)
        {
            _scopes.Add(scope);
            issued = _scopes.Count(s => s == scope);
        }
        return new AccessToken(TokenFor(scope, issued), time.GetUtcNow() + Lifetime);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
