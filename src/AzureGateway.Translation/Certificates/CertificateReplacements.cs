using System.Collections.Immutable;
using AzureGateway.IR;

namespace AzureGateway.Translation.Certificates;

/// <summary>Old IR certificates and what takes their place; patches an IR, leaving untouched parts shared.</summary>
internal sealed class CertificateReplacements
{
    private readonly HashSet<string> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<CertificateIr, CertificateIr> _keyPairs = new(ReferenceEqualityComparer.Instance);

    // A bundle is one list per translation, shared by every use; it is found in the IR by its first certificate.
    private readonly Dictionary<CertificateIr, (IReadOnlyList<CertificateIr> Old, IReadOnlyList<CertificateIr> New)> _bundles =
        new(ReferenceEqualityComparer.Instance);

    public void Add(string source, CertificateRead before, CertificateRead after)
    {
        _sources.Add(source);
        if (before.Certificates is not { } old)
        {
            return;
        }
        if (before.Use != CertificateUse.CaBundle)
        {
            _keyPairs[old[0]] = after.Certificates![0];
        }
        else
        {
            _bundles[old[0]] = (old, after.Certificates!);
        }
    }

    /// <summary>The IR with every certificate of a changed object replaced; null if one is found that no look gave.</summary>
    public GatewayIr? Patch(GatewayIr ir)
    {
        if (_sources.Count == 0)
        {
            return ir;
        }
        var ports = PatchAll(ir.Ports, PatchPort);
        var clusters = PatchAll(ir.Clusters, PatchCluster);
        if (ports is null || clusters is null)
        {
            return null;
        }
        return ports.Value == ir.Ports && clusters.Value == ir.Clusters ? ir : ir with { Ports = ports.Value, Clusters = clusters.Value };
    }

    /// <summary>Patches each item; the same array when nothing changed, null when one could not be patched.</summary>
    private static EquatableArray<T>? PatchAll<T>(EquatableArray<T> items, Func<T, T?> patch) where T : class
    {
        ImmutableArray<T>.Builder? patched = null;
        for (var i = 0; i < items.Count; i++)
        {
            var item = patch(items[i]);
            if (item is null)
            {
                return null;
            }
            if (patched is null && !ReferenceEquals(item, items[i]))
            {
                patched = ImmutableArray.CreateBuilder<T>(items.Count);
                patched.AddRange(items.Take(i));
            }
            patched?.Add(item);
        }
        return patched is null ? items : new EquatableArray<T>(patched.MoveToImmutable());
    }

    private PortIr? PatchPort(PortIr port) =>
        PatchAll(port.ListenerTls, PatchListener) is { } listeners
            ? listeners == port.ListenerTls ? port : port with { ListenerTls = listeners }
            : null;

    private ListenerTlsIr? PatchListener(ListenerTlsIr listener)
    {
        var certificate = KeyPair(listener.Certificate);
        var trusted = listener.ClientValidation is { } validation ? Trusted(validation.TrustedCertificates) : EquatableArray<CertificateIr>.Empty;
        if (certificate is null || trusted is null)
        {
            return null;
        }
        var validationPatched = listener.ClientValidation is { } used && trusted.Value != used.TrustedCertificates
            ? used with { TrustedCertificates = trusted.Value }
            : listener.ClientValidation;
        return ReferenceEquals(certificate, listener.Certificate) && ReferenceEquals(validationPatched, listener.ClientValidation)
            ? listener
            : listener with { Certificate = certificate, ClientValidation = validationPatched };
    }

    private ClusterIr? PatchCluster(ClusterIr cluster)
    {
        if (cluster.Tls is not { } tls)
        {
            return cluster;
        }
        var client = tls.ClientCertificate is { } presented ? KeyPair(presented) : null;
        var trusted = Trusted(tls.TrustedCertificates);
        if ((tls.ClientCertificate is not null && client is null) || trusted is null)
        {
            return null;
        }
        return ReferenceEquals(client, tls.ClientCertificate) && trusted.Value == tls.TrustedCertificates
            ? cluster
            : cluster with { Tls = tls with { ClientCertificate = client, TrustedCertificates = trusted.Value } };
    }

    private CertificateIr? KeyPair(CertificateIr certificate) =>
        !_sources.Contains(certificate.Source) ? certificate : _keyPairs.GetValueOrDefault(certificate);

    private EquatableArray<CertificateIr>? Trusted(EquatableArray<CertificateIr> anchors)
    {
        if (!anchors.Any(anchor => _sources.Contains(anchor.Source)))
        {
            return anchors;
        }
        var patched = new List<CertificateIr>(anchors.Count);
        for (var i = 0; i < anchors.Count;)
        {
            if (!_sources.Contains(anchors[i].Source))
            {
                patched.Add(anchors[i++]);
                continue;
            }
            if (!_bundles.TryGetValue(anchors[i], out var bundle) || i + bundle.Old.Count > anchors.Count
                || !bundle.Old.Select((anchor, j) => ReferenceEquals(anchor, anchors[i + j])).All(same => same))
            {
                return null;
            }
            patched.AddRange(bundle.New);
            i += bundle.Old.Count;
        }
        return new EquatableArray<CertificateIr>([.. patched]);
    }
}
