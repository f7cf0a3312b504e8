namespace AzureGateway.Model;

/// <summary>
/// The annotations that bind a Secret or ConfigMap to Key Vault, and those the sync writes back; the translator reads
/// <see cref="Expiry"/> to warn the resources that use such an object.
/// </summary>
public static class KeyVaultAnnotations
{
    /// <summary>On a Secret: one certificate id; the Secret gets <c>tls.crt</c> (with chain) and <c>tls.key</c>.</summary>
    public const string Certificate = "azuregateway.io/key-vault-certificate";

    /// <summary>On a Secret or ConfigMap: certificate ids, comma-separated; <c>ca.crt</c> gets their public parts.</summary>
    public const string CaCertificates = "azuregateway.io/key-vault-ca-certificates";

    /// <summary>Written: <c>name/version</c> of each certificate written, in the order of the binding's ids.</summary>
    public const string Version = "azuregateway.io/key-vault-version";

    /// <summary>Written: each written version's not-before (its creation time when it has none), ISO 8601, same order.</summary>
    public const string NotBefore = "azuregateway.io/key-vault-not-before";

    /// <summary>Written on a Key Vault expiry event: <c>NearExpiry</c> or <c>Expired</c>.</summary>
    public const string Expiry = "azuregateway.io/key-vault-expiry";
}
