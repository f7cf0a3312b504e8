using AzureGateway.IR;
using k8s.Models;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// A Service port's endpoints from the EndpointSlices labelled with the Service's name: the addresses of the
/// endpoints that are ready (or do not say), on the slice port named like the Service port, else on the
/// Service's numeric <c>targetPort</c>, else on the Service port itself.
/// </summary>
internal static class ServiceEndpoints
{
    public static EquatableArray<EndpointIr> For(TranslationContext context, V1Service service, V1ServicePort port)
    {
        var endpoints = new HashSet<EndpointIr>();
        foreach (var slice in context.EndpointSlices(TranslationContext.Namespace(service.Metadata), service.Metadata.Name))
        {
            var slicePort = SlicePort(slice, port);
            foreach (var endpoint in (slice.Endpoints ?? []).Where(e => e.Conditions?.Ready != false))
            {
                foreach (var address in endpoint.Addresses ?? [])
                {
                    endpoints.Add(new EndpointIr { Host = address, Port = slicePort });
                }
            }
        }
        return endpoints.OrderBy(e => e.Host, StringComparer.Ordinal).ThenBy(e => e.Port).ToList();
    }

    private static int SlicePort(V1EndpointSlice slice, V1ServicePort port) =>
        slice.Ports?.FirstOrDefault(p => (p.Name ?? "") == (port.Name ?? "") && p.Port is not null)?.Port
        ?? (int.TryParse(port.TargetPort?.Value, out var target) ? target : port.Port);
}
