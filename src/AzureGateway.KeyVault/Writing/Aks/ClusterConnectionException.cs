namespace AzureGateway.KeyVault.Writing.Aks;

/// <summary>The cluster to write Secrets to cannot be reached as configured; the message is one line for the user.</summary>
public sealed class ClusterConnectionException(string message, Exception? innerException = null) : Exception(message, innerException);
