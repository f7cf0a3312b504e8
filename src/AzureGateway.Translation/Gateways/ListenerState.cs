using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Frontend;
using AzureGateway.Translation.Status;
using k8s.Models;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// What translation learned about one listener of a served Gateway: whether it is valid, the certificate it
/// serves, its conflicts with other listeners, and the routes attached to it. Built in stages (listener checks,
/// conflicts across Gateways, route attachment) during one translation; never shared between translations.
/// </summary>
public sealed class ListenerState(Gateway gateway, Listener listener)
{
    private readonly HashSet<(string Kind, string Namespace, string Name)> _attachedRoutes = [];

    public Gateway Gateway { get; } = gateway;
    public Listener Listener { get; } = listener;
    public string Name => Listener.Name;
    public int Port => Listener.Port;

    /// <summary>The listener's hostname, or null when it accepts any host.</summary>
    public string? Hostname => string.IsNullOrEmpty(Listener.Hostname) ? null : Listener.Hostname;

    /// <summary>Null when the protocol is not one the gateway serves.</summary>
    public PortProtocol? Protocol { get; init; }

    /// <summary>A TLS listener in mode Passthrough: it presents no certificate and TLSRoutes take its connections whole.</summary>
    public bool Passthrough { get; init; }

    /// <summary>Route kinds the listener admits (HTTPRoute and GRPCRoute on HTTP and HTTPS, TLSRoute on TLS, or none).</summary>
    public IReadOnlyList<RouteGroupKind> SupportedKinds { get; init; } = [];

    /// <summary>Why the listener is not accepted (its own spec is invalid or unsupported), or null.</summary>
    public StatusProblem? NotAccepted { get; init; }

    /// <summary>Why a reference (certificate, route kind) does not resolve, or null.</summary>
    public StatusProblem? UnresolvedRefs { get; init; }

    /// <summary>The certificate served on an HTTPS listener: the first valid certificateRef.</summary>
    public CertificateIr? Certificate { get; init; }

    /// <summary>The Gateway's own client validation for this listener (<c>spec.tls.frontend</c>), or null.</summary>
    public GatewayFrontend? GatewayFrontend { get; init; }

    /// <summary>Client validation, cipher suites and XFCC handling, decided once frontend TLS policies are judged.</summary>
    public FrontendTlsSettings FrontendTls { get; set; } = FrontendTlsSettings.None;

    /// <summary>Set when another listener claims the same port with another protocol, or the same hostname.</summary>
    public StatusProblem? Conflict { get; set; }

    /// <summary>Accepted and not conflicted: the listener takes part in the data plane's ports.</summary>
    public bool IsValid => NotAccepted is null && Conflict is null;

    /// <summary>
    /// Valid, and a listener that terminates TLS has a certificate to present: it is in the data plane's ports. One whose client
    /// validation cannot be used is there too, refusing every handshake, so that its hostname is never served by
    /// another listener's certificate and routes instead.
    /// </summary>
    public bool IsProgrammed => IsValid && (Protocol == PortProtocol.Http || Passthrough || Certificate is not null);

    /// <summary>Why every client of this programmed listener is refused, or null when it serves.</summary>
    public string? RefusesEveryClient => FrontendTls.ClientValidation?.RefuseAllBecause;

    /// <summary>What the listener's Accepted condition says: valid, and its Gateway's own client validation has a usable CA.</summary>
    public bool IsAccepted => IsValid && GatewayFrontend?.NotAccepted is null;

    /// <summary>Programmed and not refusing every client: what the listener's Programmed condition says.</summary>
    public bool IsServing => IsProgrammed && RefusesEveryClient is null;

    public int AttachedRoutes => _attachedRoutes.Count;

    /// <summary>Counts a route as attached; a route attached through several parentRefs counts once.</summary>
    public void Attach(string kind, V1ObjectMeta route) =>
        _attachedRoutes.Add((kind, TranslationContext.Namespace(route), route.Name));
}
