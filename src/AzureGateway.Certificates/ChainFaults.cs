using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.Certificates;

/// <summary>Why a certificate chain did not verify, as the gateway's failure reasons tell it.</summary>
public enum ChainFault
{
    /// <summary>It leads to no trusted CA.</summary>
    UntrustedCa,

    /// <summary>It, or a CA above it, is outside its validity period.</summary>
    OutsideValidity,

    /// <summary>Anything else; the details say what.</summary>
    Other,
}

/// <summary>Reads a failed chain's status once, for the backend and the client certificate checks alike.</summary>
public static class ChainFaults
{
    /// <summary>The fault of a chain that did not verify, and the platform's own words for it.</summary>
    public static (ChainFault Fault, string Details) Of(X509Chain? chain)
    {
        var status = chain?.ChainStatus ?? [];
        var flags = status.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var details = string.Join("; ", status.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        var fault = (flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0 ? ChainFault.UntrustedCa
            : (flags & (X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) != 0 ? ChainFault.OutsideValidity
            : ChainFault.Other;
        return (fault, details.Length > 0 ? details : flags.ToString());
    }
}
