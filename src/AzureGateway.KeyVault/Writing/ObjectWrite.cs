namespace AzureGateway.KeyVault.Writing;

/// <summary>What a sync writes into an object: data entries (text; PEM) and annotations (null removes one).</summary>
public sealed record ObjectWrite(IReadOnlyDictionary<string, string> Data, IReadOnlyDictionary<string, string?> Annotations)
{
    // The data holds private keys: a generated ToString would print them.
    public override string ToString() => $"{nameof(ObjectWrite)} of {string.Join(", ", Data.Keys)}";
}
