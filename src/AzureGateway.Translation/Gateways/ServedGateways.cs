using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// The Gateways this gateway serves, oldest first, each with its listeners judged and their conflicts marked;
/// and, for route parentRefs, which Gateways exist at all.
/// </summary>
public sealed class ServedGateways
{
    private readonly Dictionary<(string, string), ServedGateway> _served;
    private readonly HashSet<(string, string)> _existing;
    private readonly Dictionary<(string, string), StatusProblem> _notServed = [];

    private ServedGateways(IReadOnlyList<ServedGateway> all, IReadOnlyList<(Gateway, StatusProblem)> notServed, HashSet<(string, string)> existing)
    {
        All = all;
        NotServed = notServed;
        Isolation = new ListenerIsolation(all.SelectMany(g => g.Listeners));
        _existing = existing;
        _served = [];
        foreach (var gateway in all)
        {
            // Two manifests with one name: the first in precedence order stands, as in TranslationContext.
            _served.TryAdd((gateway.Namespace, gateway.Name), gateway);
        }
        foreach (var (gateway, problem) in notServed)
        {
            _notServed.TryAdd((TranslationContext.Namespace(gateway.Metadata), gateway.Metadata.Name), problem);
        }
    }

    /// <summary>Served Gateways, oldest first (then namespace/name): the order conflicts are settled in.</summary>
    public IReadOnlyList<ServedGateway> All { get; }

    /// <summary>
    /// Gateways of ours that are not served, with why (their Accepted=False): a Gateway whose own parametersRef
    /// cannot be used, a Gateway of a GatewayClass we refuse, and, in the folder mode, a Gateway whose GatewayClass
    /// is not in the folder (nothing else could serve it, so it is reported rather than silently ignored).
    /// </summary>
    public IReadOnlyList<(Gateway Gateway, StatusProblem Problem)> NotServed { get; }

    /// <summary>Which hosts each listener owns among the listeners sharing its port.</summary>
    public ListenerIsolation Isolation { get; }

    public ServedGateway? Find(string ns, string name) => _served.GetValueOrDefault((ns, name));

    /// <summary>Why a Gateway of ours is not served, or null when it is served or is not ours.</summary>
    public StatusProblem? NotServedProblem(string ns, string name) => _notServed.GetValueOrDefault((ns, name));

    /// <summary>Whether a Gateway of that name exists, whatever its class.</summary>
    public bool Exists(string ns, string name) => _existing.Contains((ns, name));

    public static ServedGateways Build(TranslationContext context, GatewayClassDecisions classes)
    {
        var gateways = context.Snapshot.Gateways
            .OrderBy(g => g.Metadata, Comparer<k8s.Models.V1ObjectMeta>.Create(ResourceOrder.Compare))
            .ToList();
        var folderMode = context.Options.ControllerNames is null;
        var allClasses = context.Snapshot.GatewayClasses.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var listeners = new ListenerTranslator(context);
        var served = new List<ServedGateway>();
        var notServed = new List<(Gateway, StatusProblem)>();
        foreach (var gateway in gateways)
        {
            var className = gateway.Spec.GatewayClassName;
            var problem = classes.Rejected.TryGetValue(className, out var classProblem)
                ? new StatusProblem(Reasons.Invalid, $"GatewayClass {className} is not accepted: {classProblem.Message}")
                : folderMode && !allClasses.Contains(className)
                    ? new StatusProblem(Reasons.Invalid, $"GatewayClass {className} does not exist")
                    : null;
            if (problem is null && !classes.Accepted.Contains(className))
            {
                continue; // another controller's
            }
            problem ??= ParametersRefs.GatewayProblem(gateway.Spec.Infrastructure?.ParametersRef);
            if (problem is null)
            {
                served.Add(new ServedGateway(gateway, Listeners(listeners, gateway)));
            }
            else
            {
                notServed.Add((gateway, problem));
            }
        }
        ListenerConflicts.Mark(served);
        var existing = gateways.Select(g => (TranslationContext.Namespace(g.Metadata), g.Metadata.Name)).ToHashSet();
        return new ServedGateways(served, notServed, existing);
    }

    private static List<ListenerState> Listeners(ListenerTranslator translator, Gateway gateway)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return gateway.Spec.Listeners.Select(l => translator.Translate(gateway, l, nameTaken: !names.Add(l.Name))).ToList();
    }
}
