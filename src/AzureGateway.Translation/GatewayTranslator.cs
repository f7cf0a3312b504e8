using System.Collections.Immutable;
using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Certificates;
using AzureGateway.Translation.Frontend;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Policies;
using AzureGateway.Translation.Routes;
using AzureGateway.Translation.Status;
using AzureGateway.Translation.TlsRoutes;

namespace AzureGateway.Translation;

/// <summary>
/// snapshot → (IR, statuses). Pure: no I/O, the clock only through <see cref="TranslatorOptions.Time"/>,
/// and deterministic: the same snapshot gives the same result, byte for byte when rendered.
/// </summary>
/// <remarks>
/// A translator lives as long as the process and sees every snapshot. It remembers its last translation: the
/// certificates it parsed (<see cref="ParsedCertificates"/>), by PEM text, so that a new snapshot parses only the
/// certificates that changed; and what it read from each Secret and ConfigMap, so that a snapshot in which only
/// certificate bytes changed is translated by <see cref="CertificateRotation"/> without redoing the rest. Either
/// way the result is the one a new translator gives, with one exception: it remembers the certificate each listener
/// Secret gave, and keeps serving it (while valid) when the Secret's content becomes unusable.
/// </remarks>
public sealed class GatewayTranslator(TranslatorOptions options)
{
    private LastTranslation? _last;

    public TranslationResult Translate(ResourceSnapshot snapshot)
    {
        // Two translations at once each start from the last one finished; the one finishing later is remembered.
        var last = Volatile.Read(ref _last);
        if (last is not null && CertificateRotation.TryApply(last, snapshot, options) is { } rotation)
        {
            Volatile.Write(ref _last, rotation.Memory);
            return rotation.Result;
        }
        var parsed = new ParsedCertificates(last?.Parsed);
        var context = new TranslationContext(snapshot, options, parsed, last?.ServerCertificates);
        var result = Translate(context) with { HoldsUntil = context.Certificates.JudgementsHoldUntil };
        parsed.Complete();
        Volatile.Write(ref _last, new LastTranslation(
            snapshot, result, context.CertificateLookups.Reads, parsed,
            CertificateLookups.ServedByListeners(result.Ir), context.CertificateLookups.Kept.Count > 0));
        return result;
    }

    private static TranslationResult Translate(TranslationContext context)
    {
        var snapshot = context.Snapshot;
        var backends = new BackendTranslator(context);
        var statuses = new List<ResourceStatus>();

        var classes = new GatewayClassTranslator(context).Translate();
        statuses.AddRange(classes.Statuses);

        var gateways = ServedGateways.Build(context, classes);
        statuses.AddRange(new FrontendTlsTranslator(context, gateways).Apply());
        var routes = new RouteTranslator(context, gateways, backends);
        var byName = Comparer<k8s.Models.V1ObjectMeta>.Create(ResourceOrder.CompareByName);
        statuses.AddRange(routes.Translate(
        [
            .. snapshot.HttpRoutes.OrderBy(r => r.Metadata, byName).Select(r => (RouteSource.Of(r), RouteValidation.Of(r))),
            .. snapshot.GrpcRoutes.OrderBy(r => r.Metadata, byName).Select(r => (RouteSource.Of(r), GrpcRouteValidation.Of(r))),
        ]));

        var tlsRoutes = new TlsRouteTranslator(context, gateways, backends);
        statuses.AddRange(tlsRoutes.Translate(snapshot.TlsRoutes));

        // Gateway statuses come after the routes: listeners report how many routes attached.
        foreach (var gateway in gateways.All)
        {
            var clientCertificateRef = gateway.Gateway.Spec.Tls?.Backend?.ClientCertificateRef is not null;
            var clientCertificate = (clientCertificateRef, clientCertificateRef ? backends.GatewayClientCertificateProblem(gateway.Gateway) : null);
            statuses.Add(new ResourceStatus(ResourceRefs.Namespaced(gateway.Gateway, "Gateway"),
                GatewayConditions.Status(gateway, context.Conditions, clientCertificate)));
        }
        foreach (var (gateway, problem) in gateways.NotServed)
        {
            statuses.Add(new ResourceStatus(ResourceRefs.Namespaced(gateway, "Gateway"),
                GatewayConditions.NotServed(gateway, problem, context.Conditions)));
        }

        var (ranked, policyStatuses) = new RoutePolicyTranslator(context).Apply(routes.Routes, statuses);
        statuses.AddRange(policyStatuses);

        var (clusters, backendStatuses) = backends.Finish();
        statuses.AddRange(backendStatuses);

        var ir = new GatewayIr
        {
            Ports = TlsRoutePorts.Apply(PortAssembler.Build(gateways, ranked), tlsRoutes.Entries),
            Clusters = clusters,
        };
        KeyVaultExpiryConditions.Add(statuses, context.CertificateLookups.ExpiryMarks, context.Conditions);
        return new TranslationResult(ir, [.. statuses.Order(StatusOrder.Instance)]);
    }
}
