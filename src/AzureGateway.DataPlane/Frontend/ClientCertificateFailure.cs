namespace AzureGateway.DataPlane.Frontend;

/// <summary>Why a client certificate was not verified.</summary>
internal enum ClientCertificateFailureReason
{
    /// <summary>The client presented no certificate.</summary>
    Missing,

    /// <summary>The certificate does not chain to a CA the listener trusts.</summary>
    UntrustedCa,

    /// <summary>The certificate, or a CA above it, is outside its validity.</summary>
    Expired,

    /// <summary>The certificate carries none of the subject alternative names the listener asks for.</summary>
    SubjectAltNameMismatch,

    /// <summary>The listener's validation cannot be used (its CA does not resolve or does not parse): every client is refused.</summary>
    ValidationUnusable,

    /// <summary>Any other chain error, e.g. a certificate not meant for client authentication.</summary>
    Other,
}

/// <summary>A client certificate that was not verified: the reason, and a sentence for the log.</summary>
internal sealed record ClientCertificateFailure(ClientCertificateFailureReason Reason, string Detail)
{
    /// <summary>
    /// The reason as the metric tags it and <c>X-Client-Cert-Verify</c> reports it after <c>FAILED:</c>; one spelling for both,
    /// so a backend's header and an operator's dashboard say the same thing.
    /// </summary>
    public string Name => Reason switch
    {
        ClientCertificateFailureReason.Missing => "missing",
        ClientCertificateFailureReason.UntrustedCa => "untrusted_ca",
        ClientCertificateFailureReason.Expired => "expired",
        ClientCertificateFailureReason.SubjectAltNameMismatch => "subject_alt_name_mismatch",
        ClientCertificateFailureReason.ValidationUnusable => "validation_unusable",
        _ => "other",
    };
}
