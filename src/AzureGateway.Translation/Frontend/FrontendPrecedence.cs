using AzureGateway.IR;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Frontend;

/// <summary>
/// Decides each listener's frontend TLS from every source that covers it, setting by setting (client validation,
/// cipher suites, XFCC): the most specific scope wins (<see cref="FrontendScope"/>), then the older resource, then
/// the label's order. A source that loses a setting to one of the same scope is in conflict there; to a more
/// specific one, it is overridden there. Sets <see cref="ListenerState.FrontendTls"/> and says what became of each source.
/// </summary>
internal static class FrontendPrecedence
{
    public static IReadOnlyDictionary<FrontendSource, FrontendOutcome> Decide(IEnumerable<FrontendSource> sources)
    {
        var decided = new Dictionary<ListenerState, Winners>(ReferenceEqualityComparer.Instance);
        var outcomes = new Dictionary<FrontendSource, FrontendOutcome>(ReferenceEqualityComparer.Instance);
        foreach (var source in sources
            .OrderBy(s => s.Scope)
            .ThenBy(s => s.Age ?? DateTime.MaxValue)
            .ThenBy(s => s.Label, StringComparer.Ordinal))
        {
            var outcome = new FrontendOutcome();
            outcomes[source] = outcome;
            foreach (var listener in source.Listeners)
            {
                if (!decided.TryGetValue(listener, out var winners))
                {
                    winners = new Winners();
                    decided[listener] = winners;
                }
                var lostTo = new List<FrontendSource>();
                var won = false;
                Claim(source.ClientValidation is not null, ref winners.ClientValidation, source, lostTo, ref won);
                Claim(source.CipherSuites is not null, ref winners.CipherSuites, source, lostTo, ref won);
                Claim(source.ForwardClientCert is not null, ref winners.ForwardClientCert, source, lostTo, ref won);
                var name = Name(listener);
                if (won)
                {
                    outcome.Applied.Add(name);
                }
                foreach (var winner in lostTo.Distinct())
                {
                    (winner.Scope == source.Scope ? outcome.Conflicts : outcome.Overridden).Add((name, winner.Label));
                }
            }
        }
        foreach (var (listener, winners) in decided)
        {
            listener.FrontendTls = new FrontendTlsSettings
            {
                ClientValidation = winners.ClientValidation?.ClientValidation,
                ClientValidationSource = winners.ClientValidation?.Label,
                CipherSuites = winners.CipherSuites?.CipherSuites ?? EquatableArray<string>.Empty,
                ForwardClientCert = winners.ForwardClientCert?.ForwardClientCert,
                Provenance = Provenance(winners),
            };
        }
        return outcomes;
    }

    private static void Claim(bool sets, ref FrontendSource? winner, FrontendSource source, List<FrontendSource> lostTo, ref bool won)
    {
        if (!sets)
        {
            return;
        }
        if (winner is null)
        {
            winner = source;
            won = true;
        }
        else
        {
            lostTo.Add(winner);
        }
    }

    private static EquatableArray<string> Provenance(Winners winners) => new[]
    {
        winners.ClientValidation is { } v ? $"clientValidation: {v.Label}" : null,
        winners.CipherSuites is { } c ? $"cipherSuites: {c.Label}" : null,
        winners.ForwardClientCert is { } f ? $"forwardClientCert: {f.Label}" : null,
    }.OfType<string>().ToArray();

    public static string Name(ListenerState listener) =>
        $"listener {listener.Name} of Gateway {TranslationContext.Namespace(listener.Gateway.Metadata)}/{listener.Gateway.Metadata.Name}";

    private sealed class Winners
    {
        public FrontendSource? ClientValidation;
        public FrontendSource? CipherSuites;
        public FrontendSource? ForwardClientCert;
    }
}

/// <summary>Where a source's settings apply, and where another source's win instead (same scope: a conflict).</summary>
internal sealed class FrontendOutcome
{
    public List<string> Applied { get; } = [];
    public List<(string Listener, string Winner)> Conflicts { get; } = [];
    public List<(string Listener, string Winner)> Overridden { get; } = [];

    /// <summary>Lost everywhere it applies to a source of its own scope: the policy is Conflicted.</summary>
    public bool IsConflicted => Applied.Count == 0 && Conflicts.Count > 0;

    /// <summary>Notes for an accepted policy's message: where it does not apply, and which resource decides there instead.</summary>
    public IEnumerable<string> Notes() => Conflicts.Concat(Overridden)
        .GroupBy(l => l.Winner)
        .Select(g => $"{g.Key} decides {string.Join(", ", g.Select(l => l.Listener))} instead");
}
