namespace AzureGateway.KeyVault.Tests.ArmServer;

/// <summary>A request the in-test Resource Manager answered, with the bearer token it carried.</summary>
public sealed record ArmRequest(string Method, string Path, string? Token);
