namespace AzureGateway.Cli.Pipeline;

/// <summary>What became of a snapshot of the configuration.</summary>
internal enum ReloadResult
{
    /// <summary>A new configuration is served.</summary>
    Applied,

    /// <summary>The snapshot translates to the configuration already served.</summary>
    Unchanged,

    /// <summary>The translator failed; the last good configuration keeps serving.</summary>
    Failed,
}
