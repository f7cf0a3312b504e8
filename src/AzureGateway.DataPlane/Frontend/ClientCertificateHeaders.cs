using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// The request headers that tell a backend about the client's certificate. Whatever a client sends in them is removed
/// unless the listener's XFCC mode forwards it, so that a backend can believe them.
/// </summary>
internal static class ClientCertificateHeaders
{
    /// <summary>Envoy's header: one element per proxy that verified a client certificate (see <see cref="ForwardedClientCertElement"/>).</summary>
    public const string ForwardedClientCert = "X-Forwarded-Client-Cert";

    /// <summary><c>SUCCESS</c>, <c>NONE</c> or <c>FAILED:&lt;reason&gt;</c>, set on listeners that verify client certificates.</summary>
    public const string Verify = "X-Client-Cert-Verify";

    /// <summary>
    /// Edits the request as it arrived, before it is routed, so that route matches, the backend and mirrors all see the
    /// edited headers. <paramref name="connection"/> is null on HTTP ports, where both headers are removed.
    /// </summary>
    public static void Apply(IHeaderDictionary headers, ClientCertificateVerification? connection)
    {
        var verified = connection?.Outcome == ClientCertificateOutcome.Verified;
        switch (connection?.ForwardClientCert.Mode ?? ForwardClientCertMode.Sanitize)
        {
            case ForwardClientCertMode.AlwaysForwardOnly:
            case ForwardClientCertMode.ForwardOnly when verified:
                break;
            case ForwardClientCertMode.SanitizeSet when verified:
                headers[ForwardedClientCert] = connection!.ForwardedElement;
                break;
            case ForwardClientCertMode.AppendForward when verified:
                // Several header lines are one list; StringValues joins them with ','.
                var sent = headers[ForwardedClientCert];
                headers[ForwardedClientCert] = sent.Count == 0 ? connection!.ForwardedElement : $"{sent},{connection!.ForwardedElement}";
                break;
            default:
                headers.Remove(ForwardedClientCert);
                break;
        }
        if (connection?.CertificateRequested == true)
        {
            headers[Verify] = connection.VerifyHeader;
        }
        else
        {
            headers.Remove(Verify);
        }
    }
}
