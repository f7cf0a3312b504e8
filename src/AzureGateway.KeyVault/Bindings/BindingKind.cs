namespace AzureGateway.KeyVault.Bindings;

/// <summary>What a binding fills: a key pair (<c>tls.crt</c>, <c>tls.key</c>) or a CA bundle (<c>ca.crt</c>).</summary>
public enum BindingKind
{
    KeyPair,
    CaBundle,
}
