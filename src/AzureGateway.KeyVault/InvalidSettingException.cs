namespace AzureGateway.KeyVault;

/// <summary>An app setting the sync reads holds something it cannot use; the message names the setting and says why.</summary>
public sealed class InvalidSettingException(string message) : Exception(message);
