namespace AzureGateway.KeyVault.Bindings;

/// <summary>The kinds of object a binding can sit on.</summary>
public enum ObjectKind
{
    Secret,
    ConfigMap,
}
