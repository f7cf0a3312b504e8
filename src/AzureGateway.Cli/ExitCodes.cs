namespace AzureGateway.Cli;

/// <summary>What <c>azgw</c> returns to the shell.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something went wrong while serving, or (validate) some condition is False.</summary>
    public const int Failed = 1;

    /// <summary>The input (a folder, a certificate file) cannot be read.</summary>
    public const int Unreadable = 2;

    /// <summary>
    /// (validate) A file or document is refused as the API server would refuse it (over a size limit, or a field
    /// its CRD does not allow); the rest of the folder was translated and its statuses printed.
    /// </summary>
    public const int Refused = 3;
}
