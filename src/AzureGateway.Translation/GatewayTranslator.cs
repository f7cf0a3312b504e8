using System.Collections.Immutable;
using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Certificates;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Routes;

namespace AzureGateway.Translation;

/// <summary>
/// snapshot → (IR, statuses). Pure: no I/O, the clock only through <see cref="TranslatorOptions.Time"/>,
/// and deterministic: the same snapshot gives the same result, byte for byte when rendered.
/// </summary>
/// <remarks>
/// A translator lives as long as the process and sees every snapshot. It remembers one thing between
/// translations: the certificates the last one parsed (<see cref="ParsedCertificates"/>), by their PEM text, so
/// that a new snapshot parses only the certificates that changed. The result is the one a new translator gives.
/// </remarks>
public sealed class GatewayTranslator(TranslatorOptions options)
{
    private ParsedCertificates? _parsed;

    public TranslationResult Translate(ResourceSnapshot snapshot)
    {
        // Each translation parses into its own memory, which later translations start from; two translations
        // at once each start from the last one finished.
        var parsed = new ParsedCertificates(Volatile.Read(ref _parsed));
        var result = Translate(new TranslationContext(snapshot, options, parsed));
        parsed.Complete();
        Volatile.Write(ref _parsed, parsed);
        return result;
    }

    private static TranslationResult Translate(TranslationContext context)
    {
        var snapshot = context.Snapshot;
        var backends = new BackendTranslator(context);
        var statuses = new List<ResourceStatus>();

        var (servedClasses, classStatuses) = new GatewayClassTranslator(context).Translate();
        statuses.AddRange(classStatuses);

        var gateways = ServedGateways.Build(context, servedClasses);
        var routes = new HttpRouteTranslator(context, gateways, backends);
        foreach (var route in snapshot.HttpRoutes.OrderBy(r => r.Metadata, Comparer<k8s.Models.V1ObjectMeta>.Create(ResourceOrder.CompareByName)))
        {
            if (routes.Translate(route) is { } status)
            {
                statuses.Add(status);
            }
        }

        // Gateway statuses come after the routes: listeners report how many routes attached.
        foreach (var gateway in gateways.All)
        {
            var clientCertificateRef = gateway.Gateway.Spec.Tls?.Backend?.ClientCertificateRef is not null;
            var clientCertificate = (clientCertificateRef, clientCertificateRef ? backends.GatewayClientCertificateProblem(gateway.Gateway) : null);
            statuses.Add(new ResourceStatus(ResourceRefs.Namespaced(gateway.Gateway, "Gateway"),
                GatewayConditions.Status(gateway, context.Conditions, clientCertificate)));
        }
        foreach (var gateway in gateways.WithoutClass)
        {
            statuses.Add(new ResourceStatus(ResourceRefs.Namespaced(gateway, "Gateway"),
                GatewayConditions.WithoutClass(gateway, context.Conditions)));
        }

        var (clusters, backendStatuses) = backends.Finish();
        statuses.AddRange(backendStatuses);

        var ir = new GatewayIr
        {
            Ports = PortAssembler.Build(gateways.All.SelectMany(g => g.Listeners), routes.Routes),
            Clusters = clusters,
        };
        return new TranslationResult(ir, [.. statuses.Order(StatusOrder.Instance)]);
    }
}
