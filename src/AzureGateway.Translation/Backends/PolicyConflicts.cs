using AzureGateway.Certificates;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Decides which policy owns each target when several claim it. Order: the older
/// <c>creationTimestamp</c> first (a policy without one, never stored by an API server, counts as newest), then
/// the Gateway API policy before the ALB one (the portable API first), then <c>namespace/name</c>. In that
/// order each policy claims all its keys, unless one is already owned: then it is Conflicted as a whole and
/// claims nothing, as Envoy Gateway does. A port key and the whole-object key are different keys, so a policy
/// on a port and one on the whole Service never conflict; lookups prefer the port.
///
/// A key that only a Conflicted policy names is not left to plain text: the loser owns it there as a
/// failing policy, so that traffic answers 500 until the conflict is fixed.
/// </summary>
internal static class PolicyConflicts
{
    public static (IReadOnlyDictionary<TargetKey, TlsPolicy> Owners, IReadOnlyList<TlsPolicy> Policies) Resolve(IEnumerable<TlsPolicy> policies)
    {
        var owners = new Dictionary<TargetKey, TlsPolicy>();
        var judged = new List<TlsPolicy>();
        foreach (var policy in policies
            .OrderBy(p => p.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(p => p.Api)
            .ThenBy(p => p.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var taken = policy.Targets.FirstOrDefault(owners.ContainsKey);
            if (taken is not null)
            {
                judged.Add(policy with { ConflictsWith = owners[taken].Label });
                continue;
            }
            foreach (var key in policy.Targets)
            {
                owners[key] = policy;
            }
            judged.Add(policy);
        }
        foreach (var loser in judged.Where(p => p.ConflictsWith is not null))
        {
            var failing = loser with
            {
                Validation = Result<ServerValidation>.Fail($"{loser.Label} cannot be used: it conflicts with {loser.ConflictsWith}"),
                ClientCertificate = null,
            };
            foreach (var key in loser.Targets)
            {
                owners.TryAdd(key, failing);
            }
        }
        return (owners, judged);
    }
}
