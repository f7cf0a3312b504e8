using AzureGateway.Model;
using AzureGateway.Translation.Certificates;
using AzureGateway.Translation.References;
using AzureGateway.Translation.Status;
using k8s.Models;

namespace AzureGateway.Translation;

/// <summary>
/// The snapshot indexed for lookups, plus the shared tools of one translation run (clock, condition builder,
/// certificate reader, ReferenceGrant checks). Built once per snapshot; afterwards it only remembers values derived
/// from the snapshot, so that they are computed once.
/// </summary>
public sealed class TranslationContext
{
    /// <param name="parsed">PEM parsed so far; null to parse everything afresh.</param>
    /// <param name="previousServerCertificates">
    /// The certificate each listener Secret served in the last translation, by source
    /// (<see cref="CertificateLookups.ServedByListeners"/>); null for none, as for a new translator.
    /// </param>
    public TranslationContext(
        ResourceSnapshot snapshot, TranslatorOptions options, ParsedCertificates? parsed = null,
        IReadOnlyDictionary<string, IR.CertificateIr>? previousServerCertificates = null)
    {
        Snapshot = snapshot;
        Options = options;
        PreviousServerCertificates = previousServerCertificates ?? new Dictionary<string, IR.CertificateIr>();
        Conditions = new ConditionFactory(options.Time);
        Certificates = new CertificateMaterial(options.Time, parsed ?? new ParsedCertificates(null));
        CertificateLookups = new CertificateLookups(this);
        ReferenceGrants = new ReferenceGrantIndex(snapshot.ReferenceGrants);
        _secrets = Index(snapshot.Secrets, s => s.Metadata);
        _configMaps = Index(snapshot.ConfigMaps, c => c.Metadata);
        _services = Index(snapshot.Services, s => s.Metadata);
        _namespaces = snapshot.Namespaces.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        _endpointSlices = snapshot.EndpointSlices
            .Where(e => e.Metadata.Labels?.ContainsKey(ServiceNameLabel) == true)
            .ToLookup(e => (Namespace(e.Metadata), e.Metadata.Labels![ServiceNameLabel]));
    }

    /// <summary>The label that ties an EndpointSlice to its Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    public ResourceSnapshot Snapshot { get; }
    public TranslatorOptions Options { get; }
    public ConditionFactory Conditions { get; }
    public CertificateMaterial Certificates { get; }
    public CertificateLookups CertificateLookups { get; }
    public ReferenceGrantIndex ReferenceGrants { get; }

    /// <summary>What a listener Secret whose content became unusable may keep serving, while it is valid.</summary>
    public IReadOnlyDictionary<string, IR.CertificateIr> PreviousServerCertificates { get; }

    private readonly Dictionary<(string, string), V1Secret> _secrets;
    private readonly Dictionary<(string, string), V1ConfigMap> _configMaps;
    private readonly Dictionary<(string, string), V1Service> _services;
    private readonly Dictionary<string, V1Namespace> _namespaces;
    private readonly ILookup<(string, string), V1EndpointSlice> _endpointSlices;
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _namespaceLabels = new(StringComparer.Ordinal);

    public V1Secret? Secret(string ns, string name) => _secrets.GetValueOrDefault((ns, name));
    public V1ConfigMap? ConfigMap(string ns, string name) => _configMaps.GetValueOrDefault((ns, name));
    public V1Service? Service(string ns, string name) => _services.GetValueOrDefault((ns, name));
    public V1Namespace? NamespaceObject(string name) => _namespaces.GetValueOrDefault(name);

    /// <summary>
    /// A namespace's labels as the API server shows them, including its name label. A namespace the snapshot
    /// does not declare (common in a folder) still has its name label. Built once per namespace: every route
    /// is checked against every listener's namespace selector.
    /// </summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels(string name)
    {
        if (!_namespaceLabels.TryGetValue(name, out var labels))
        {
            var declared = NamespaceObject(name)?.Metadata.Labels;
            var built = declared is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(declared, StringComparer.Ordinal);
            built[Routes.ListenerAdmission.NamespaceNameLabel] = name;
            labels = built;
            _namespaceLabels[name] = labels;
        }
        return labels;
    }

    /// <summary>EndpointSlices labelled for a Service, in name order.</summary>
    public IEnumerable<V1EndpointSlice> EndpointSlices(string ns, string service) =>
        _endpointSlices[(ns, service)].OrderBy(e => e.Metadata.Name, StringComparer.Ordinal);

    /// <summary>A namespaced object's namespace, "default" when the manifest leaves it out (as kubectl does).</summary>
    public static string Namespace(V1ObjectMeta metadata) => metadata.NamespaceProperty ?? "default";

    private static Dictionary<(string, string), T> Index<T>(IEnumerable<T> items, Func<T, V1ObjectMeta> metadata)
    {
        var index = new Dictionary<(string, string), T>();
        foreach (var item in items)
        {
            // The first of two objects with the same name wins, as a file later in the folder cannot replace
            // an object the API server would have refused to create twice.
            index.TryAdd((Namespace(metadata(item)), metadata(item).Name), item);
        }
        return index;
    }
}
