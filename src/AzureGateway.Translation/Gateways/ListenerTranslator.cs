using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Frontend;
using AzureGateway.Translation.Routes;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Judges one listener on its own: protocol (HTTP, or HTTPS terminating TLS), port, hostname, allowedRoutes and,
/// for HTTPS, its certificates. Conflicts between listeners are judged afterwards by <see cref="ListenerConflicts"/>.
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
            _ => (PortProtocol?)null,
        };
        if (protocol is null)
        {
            return new ListenerState(gateway, listener)
            {
                NotAccepted = new StatusProblem(Reasons.UnsupportedProtocol,
                    $"Protocol \"{listener.Protocol}\" is not supported; listeners serve HTTP or HTTPS"),
            };
        }

        var (kinds, invalidKinds) = ListenerAdmission.Kinds(listener.AllowedRoutes);
        var refProblems = new List<StatusProblem>();
        CertificateIr? certificate = null;
        GatewayFrontend? frontend = null;
        var terminatesTls = protocol == PortProtocol.Https && listener.Tls?.Mode is null or "Terminate";
        if (terminatesTls)
        {
            var refs = listener.Tls?.CertificateRefs ?? [];
            if (refs.Count == 0)
            {
                refProblems.Add(new StatusProblem(Reasons.InvalidCertificateRef, "An HTTPS listener needs at least one tls.certificateRefs entry"));
            }
            (certificate, var certificateProblems) = _certificates.Resolve(gateway, refs);
            refProblems.AddRange(certificateProblems);
            frontend = _frontend.For(gateway, listener);
            if (frontend?.UnresolvedRefs is { } caProblem)
            {
                refProblems.Add(caProblem);
            }
        }
        if (invalidKinds.Count > 0)
        {
            refProblems.Add(new StatusProblem(Reasons.InvalidRouteKinds,
                $"allowedRoutes.kinds {string.Join(", ", invalidKinds)} cannot attach to an {listener.Protocol} listener; it supports HTTPRoute and GRPCRoute"));
        }

        return new ListenerState(gateway, listener)
        {
            Protocol = protocol,
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
        return ListenerAdmission.NamespacesProblem(listener.AllowedRoutes) is { } problem
            ? new StatusProblem(Reasons.UnsupportedValue, problem)
            : null;
    }
}
