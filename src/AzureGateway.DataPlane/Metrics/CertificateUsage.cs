namespace AzureGateway.DataPlane.Metrics;

/// <summary>What a configuration uses a certificate for.</summary>
internal enum CertificateUsage
{
    /// <summary>Presented to clients by an HTTPS listener.</summary>
    Listener,

    /// <summary>Presented to backends (backend mTLS).</summary>
    Client,

    /// <summary>A CA backends' certificates are verified against.</summary>
    TrustedCa,

    /// <summary>A CA clients' certificates are verified against (frontend mTLS).</summary>
    ClientCa,
}
