namespace AzureGateway.KeyVault.Bindings;

/// <summary>A certificate version as written into an object: its name, version and not-before.</summary>
public sealed record WrittenVersion(string Name, string Version, DateTimeOffset NotBefore);
