namespace AzureGateway.Cli.Pipeline;

/// <summary>What became of a snapshot of the configuration.</summary>
internal enum ReloadResult
{
    /// <summary>A new configuration is served.</summary>
    Applied,

    /// <summary>The snapshot translates to the configuration already served.</summary>
    Unchanged,

    /// <summary>
    /// Nothing of the change is served: the source rejected its read (a file does not parse) or the translator
    /// failed; the last good configuration keeps serving.
    /// </summary>
    Failed,

    /// <summary>Served without documents the source refused alone (an alias, a size or schema limit exceeded).</summary>
    Partial,
}
