using AzureGateway.IR;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Frontend;

/// <summary>How much of a Gateway a frontend TLS setting covers; the more specific wins, in this order.</summary>
public enum FrontendScope
{
    /// <summary>A policy naming the listener (FrontendTLSPolicy <c>sectionNames</c>, ClientTrafficPolicy <c>sectionName</c>).</summary>
    Listener,

    /// <summary>The Gateway's <c>spec.tls.frontend.perPort</c> entry for the listener's port.</summary>
    Port,

    /// <summary>A policy on the whole Gateway.</summary>
    Gateway,

    /// <summary>The Gateway's <c>spec.tls.frontend.default</c>.</summary>
    GatewayDefault,
}

/// <summary>
/// One resource's frontend TLS settings for the listeners it covers. A setting left null is not set by this source,
/// so another may decide it (settings are decided one by one, as for backend TLS).
/// </summary>
/// <param name="Label">Names the resource and the part of it, e.g. <c>FrontendTLSPolicy test-infra/mtls-policy</c>.</param>
/// <param name="Age">Among sources of one scope the older wins; null counts as newest (never stored by an API server).</param>
internal sealed record FrontendSource(string Label, FrontendScope Scope, DateTime? Age, IReadOnlyList<ListenerState> Listeners)
{
    public ClientValidationIr? ClientValidation { get; init; }
    public EquatableArray<string>? CipherSuites { get; init; }
    public ForwardClientCertIr? ForwardClientCert { get; init; }
}
