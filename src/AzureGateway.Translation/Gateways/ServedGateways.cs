using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// The Gateways this gateway serves, oldest first, each with its listeners judged and their conflicts marked;
/// and, for route parentRefs, which Gateways exist at all.
/// </summary>
public sealed class ServedGateways
{
    private readonly Dictionary<(string, string), ServedGateway> _served;
    private readonly HashSet<(string, string)> _existing;

    private ServedGateways(IReadOnlyList<ServedGateway> all, IReadOnlyList<Gateway> withoutClass, HashSet<(string, string)> existing)
    {
        All = all;
        WithoutClass = withoutClass;
        _existing = existing;
        _served = [];
        foreach (var gateway in all)
        {
            // Two manifests with one name: the first in precedence order stands, as in TranslationContext.
            _served.TryAdd((gateway.Namespace, gateway.Name), gateway);
        }
    }

    /// <summary>Served Gateways, oldest first (then namespace/name): the order conflicts are settled in.</summary>
    public IReadOnlyList<ServedGateway> All { get; }

    /// <summary>
    /// In the folder mode, Gateways whose GatewayClass is not in the folder: nothing else could serve them, so
    /// they are reported rather than silently ignored.
    /// </summary>
    public IReadOnlyList<Gateway> WithoutClass { get; }

    public ServedGateway? Find(string ns, string name) => _served.GetValueOrDefault((ns, name));

    /// <summary>Whether a Gateway of that name exists, whatever its class.</summary>
    public bool Exists(string ns, string name) => _existing.Contains((ns, name));

    public static ServedGateways Build(TranslationContext context, IReadOnlySet<string> servedClasses)
    {
        var gateways = context.Snapshot.Gateways
            .OrderBy(g => g.Metadata, Comparer<k8s.Models.V1ObjectMeta>.Create(ResourceOrder.Compare))
            .ToList();
        var listeners = new ListenerTranslator(context);
        var served = gateways
            .Where(g => servedClasses.Contains(g.Spec.GatewayClassName))
            .Select(g => new ServedGateway(g, Listeners(listeners, g)))
            .ToList();
        ListenerConflicts.Mark(served);

        var folderMode = context.Options.ControllerNames is null;
        var allClasses = context.Snapshot.GatewayClasses.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var withoutClass = folderMode
            ? gateways.Where(g => !allClasses.Contains(g.Spec.GatewayClassName)).ToList()
            : [];
        var existing = gateways.Select(g => (TranslationContext.Namespace(g.Metadata), g.Metadata.Name)).ToHashSet();
        return new ServedGateways(served, withoutClass, existing);
    }

    private static List<ListenerState> Listeners(ListenerTranslator translator, Gateway gateway)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return gateway.Spec.Listeners.Select(l => translator.Translate(gateway, l, nameTaken: !names.Add(l.Name))).ToList();
    }
}
