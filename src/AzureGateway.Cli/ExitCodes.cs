namespace AzureGateway.Cli;

/// <summary>What <c>azgw</c> returns to the shell.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something went wrong while serving, or (validate) some condition is False.</summary>
    public const int Failed = 1;

    /// <summary>The input (a folder, a certificate file) cannot be read.</summary>
    public const int Unreadable = 2;
}
