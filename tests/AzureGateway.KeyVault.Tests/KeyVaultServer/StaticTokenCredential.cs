using Azure.Core;

namespace AzureGateway.KeyVault.Tests.KeyVaultServer;

/// <summary>A credential that hands out a fixed token, as the in-test Key Vault only checks that one is sent.</summary>
public sealed class StaticTokenCredential : TokenCredential
{
    private string[] _scopes = [];

    /// <summary>The scopes of the last token asked for.</summary>
    public IReadOnlyList<string> Scopes => Volatile.Read(ref _scopes);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _scopes, requestContext.Scopes);
        return new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
