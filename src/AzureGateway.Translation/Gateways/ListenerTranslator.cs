using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Frontend;
using AzureGateway.Translation.Routes;
using AzureGateway.Translation.Status;
using AzureGateway.Translation.TlsRoutes;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Judges one listener on its own: protocol (HTTP, HTTPS terminating TLS, or TLS passing TLSRoute connections through
/// or terminating them), port, hostname, allowedRoutes and, where it terminates TLS, its certificates. Conflicts between listeners are judged afterwards by <see cref="ListenerConflicts"/>.
/// </summary>
public sealed class ListenerTranslator(TranslationContext context)
{
    private readonly ListenerCertificates _certificates = new(context);
    private readonly GatewayFrontendValidation _frontend = new(context);

    /// <param name="nameTaken">True when an earlier listener of the same Gateway has the same name.</param>
    public ListenerState Translate(Gateway gateway, Listener listener, bool nameTaken)
    {
        var protocol = listener.Protocol switch
        {
            "HTTP" => PortProtocol.Http,
            "HTTPS" => PortProtocol.Https,
            "TLS" => PortProtocol.Tls,
            _ => (PortProtocol?)null,
        };
        if (protocol is null)
        {
            return new ListenerState(gateway, listener)
            {
                NotAccepted = new StatusProblem(Reasons.UnsupportedProtocol,
                    $"Protocol \"{listener.Protocol}\" is not supported; listeners serve HTTP, HTTPS or TLS"),
            };
        }

        var (kinds, invalidKinds) = protocol == PortProtocol.Tls
            ? TlsListenerKinds.Kinds(listener.AllowedRoutes)
            : ListenerAdmission.Kinds(listener.AllowedRoutes);
        var refProblems = new List<StatusProblem>();
        CertificateIr? certificate = null;
        GatewayFrontend? frontend = null;
        var terminatesTls = protocol == PortProtocol.Https && listener.Tls?.Mode is null or "Terminate"
            || protocol == PortProtocol.Tls && listener.Tls?.Mode == "Terminate";
        if (terminatesTls)
        {
            var refs = listener.Tls?.CertificateRefs ?? [];
            if (refs.Count == 0)
            {
                refProblems.Add(new StatusProblem(Reasons.InvalidCertificateRef, $"An {listener.Protocol} listener that terminates TLS needs at least one tls.certificateRefs entry"));
            }
            (certificate, var certificateProblems) = _certificates.Resolve(gateway, refs);
            refProblems.AddRange(certificateProblems);
            // spec.tls.frontend is for "Listeners handling HTTPS traffic"; a TLS listener that terminates is not one.
            frontend = protocol == PortProtocol.Https ? _frontend.For(gateway, listener) : null;
            if (frontend?.UnresolvedRefs is { } caProblem)
            {
                refProblems.Add(caProblem);
            }
        }
        if (invalidKinds.Count > 0)
        {
            refProblems.Add(new StatusProblem(Reasons.InvalidRouteKinds,
                $"allowedRoutes.kinds {string.Join(", ", invalidKinds)} cannot attach to {(protocol == PortProtocol.Tls ? "a TLS listener; it supports " + RouteSource.TlsRouteKind : $"an {listener.Protocol} listener; it supports HTTPRoute and GRPCRoute")}"));
        }

        return new ListenerState(gateway, listener)
        {
            Protocol = protocol,
            Passthrough = protocol == PortProtocol.Tls && listener.Tls?.Mode == "Passthrough",
            SupportedKinds = kinds,
            NotAccepted = SpecProblem(listener, protocol.Value, nameTaken),
            UnresolvedRefs = StatusProblem.Combine(refProblems),
            Certificate = certificate,
            GatewayFrontend = frontend,
        };
    }

    private static StatusProblem? SpecProblem(Listener listener, PortProtocol protocol, bool nameTaken)
    {
        if (nameTaken)
        {
            return new StatusProblem(Reasons.UnsupportedValue, $"Another listener of this Gateway is already named \"{listener.Name}\"");
        }
        if (!string.IsNullOrEmpty(listener.Hostname) && HostnameSyntax.IsIpAddress(listener.Hostname))
        {
            return new StatusProblem(Reasons.UnsupportedValue,
                $"Hostname \"{listener.Hostname}\" is an IP address, which a listener's hostname may not be");
        }
        if (protocol == PortProtocol.Http && listener.Tls is not null)
        {
            return new StatusProblem(Reasons.UnsupportedValue, "tls is set on an HTTP listener; use protocol HTTPS to terminate TLS");
        }
        if (protocol == PortProtocol.Https && listener.Tls?.Mode is { } mode && mode != "Terminate")
        {
            return new StatusProblem(Reasons.UnsupportedValue,
                $"tls.mode {mode} is not supported: HTTPS listeners terminate TLS (mode Terminate)");
        }
        if (protocol == PortProtocol.Tls && string.IsNullOrEmpty(listener.Tls?.Mode))
        {
            // The CRD's CEL rule; a cluster with older CRDs may hold such a listener.
            return new StatusProblem(Reasons.UnsupportedValue, "A TLS listener must set tls.mode (Passthrough or Terminate)");
        }
        return ListenerAdmission.NamespacesProblem(listener.AllowedRoutes) is { } problem
            ? new StatusProblem(Reasons.UnsupportedValue, problem)
            : null;
    }
}
