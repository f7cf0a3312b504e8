using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Backends;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// Decides whether a client certificate is verified under a listener's <see cref="ClientValidationIr"/>, and what the
/// listener's mode makes of one that is not. The chain must lead to one of the listener's CAs (never the machine's
/// store), be within its validity and be meant for client authentication; then, when subject alt names are listed,
/// the certificate must carry one of them exactly.
/// </summary>
internal sealed class ClientCertificateVerifier(
    ClientValidationIr validation, X509Certificate2Collection trustAnchors, string? refuseAllBecause, TimeProvider time)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public ClientCertificateMode Mode => validation.Mode;

    /// <summary>Why every handshake is refused whatever the mode (the IR's reason, or CAs that cannot be read); else null.</summary>
    public string? RefuseAllBecause { get; } = refuseAllBecause;

    /// <summary>
    /// A fresh policy per handshake: SslStream adds the certificates the client sent to its extra store. The anchors
    /// are the listener's, shared by every handshake.
    /// </summary>
    public X509ChainPolicy ChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationTime = time.GetUtcNow().UtcDateTime,
        };
        policy.CustomTrustStore.AddRange(trustAnchors);
        // As OpenSSL's ssl_client purpose does: a certificate whose key usage names other purposes only is not a client's.
        policy.ApplicationPolicy.Add(ClientAuthentication);
        return policy;
    }

    /// <summary>Null when the certificate is verified, otherwise why not.</summary>
    public ClientCertificateFailure? Check(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return new ClientCertificateFailure(ClientCertificateFailureReason.Missing, "the client presented no certificate");
        }
        if (errors != SslPolicyErrors.None)
        {
            return ChainFailure(certificate, chain);
        }
        if (validation.SubjectAltNames.Count == 0)
        {
            return null;
        }
        var names = SubjectAltNames.Of(certificate);
        var carried = names.DnsNames.Concat(names.Uris).Concat(names.Emails).ToList();
        return carried.Any(name => validation.SubjectAltNames.Contains(name, StringComparer.Ordinal))
            ? null
            : new ClientCertificateFailure(ClientCertificateFailureReason.SubjectAltNameMismatch,
                $"it has none of the subject alt names {string.Join(", ", validation.SubjectAltNames)} (it names {(carried.Count == 0 ? "none" : string.Join(", ", carried))})");
    }

    /// <summary>Whether the handshake is refused for <paramref name="failure"/>, by the listener's mode.</summary>
    public bool Refuses(ClientCertificateFailure failure) => Mode switch
    {
        ClientCertificateMode.AllowInsecureFallback => false,
        ClientCertificateMode.AllowMissing => failure.Reason != ClientCertificateFailureReason.Missing,
        _ => true,
    };

    /// <summary>A client without a certificate where one is optional has failed nothing: it is neither logged nor counted.</summary>
    public bool IsFailure(ClientCertificateFailure failure) =>
        !(Mode == ClientCertificateMode.AllowMissing && failure.Reason == ClientCertificateFailureReason.Missing);

    private static ClientCertificateFailure ChainFailure(X509Certificate2 certificate, X509Chain? chain) => ChainFaults.Of(chain) switch
    {
        (ChainFault.UntrustedCa, _) => new ClientCertificateFailure(ClientCertificateFailureReason.UntrustedCa,
            $"its issuer {certificate.Issuer} does not lead to a trusted CA"),
        (ChainFault.OutsideValidity, _) => new ClientCertificateFailure(ClientCertificateFailureReason.Expired,
            $"it, or a CA above it, is outside its validity (it is valid from {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z to {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z)"),
        (_, var details) => new ClientCertificateFailure(ClientCertificateFailureReason.Other, $"it failed verification: {details}"),
    };
}
