using AzureGateway.IR;

namespace AzureGateway.Translation.Frontend;

/// <summary>
/// What a listener's frontend TLS is, once every style that may configure it was judged: client validation, cipher
/// suites and the XFCC header, each from the resource that won it (<c>Provenance</c> names them).
/// </summary>
public sealed record FrontendTlsSettings
{
    public static readonly FrontendTlsSettings None = new();

    public ClientValidationIr? ClientValidation { get; init; }

    /// <summary>The resource whose client validation this is (see <see cref="FrontendSource.Label"/>).</summary>
    public string? ClientValidationSource { get; init; }
    public EquatableArray<string> CipherSuites { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The XFCC handling a policy set, or null for the default (see <see cref="Apply"/>).</summary>
    public ForwardClientCertIr? ForwardClientCert { get; init; }

    public EquatableArray<string> Provenance { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The listener's TLS with these settings. Without an XFCC policy, a listener that verifies clients tells the backend
    /// who the client is (<c>SanitizeSet</c> with subject and names), and any other removes the header a client sent.
    /// </summary>
    public ListenerTlsIr Apply(ListenerTlsIr listener) => listener with
    {
        ClientValidation = ClientValidation,
        CipherSuites = CipherSuites,
        ForwardClientCert = ForwardClientCert ?? (ClientValidation is null ? ForwardClientCertIr.Sanitize : VerifiedClientDefault),
        Provenance = Provenance,
    };

    private static readonly ForwardClientCertIr VerifiedClientDefault = new()
    {
        Mode = ForwardClientCertMode.SanitizeSet,
        Details = new[] { "Subject", "URI", "DNS" },
    };
}
