using AzureGateway.Model.Alb;

namespace AzureGateway.Translation.Policies;

/// <summary>
/// What one kind of AGC policy may target with <c>spec.targetRef</c>: one kind of object, of the listed groups, whole
/// (no section names), in the policy's own namespace.
/// </summary>
/// <param name="Policy">The policy's kind, as messages name it.</param>
/// <param name="Kind">The kind it targets.</param>
/// <param name="Article">"a" or "an", before <paramref name="Kind"/> in messages.</param>
/// <param name="Groups">The groups accepted for <paramref name="Kind"/>; <paramref name="GroupHint"/> says which.</param>
/// <param name="WholeTarget">Appended to the refusal of section names: how to say what a section would.</param>
/// <param name="NotFoundReason">The reason when no such object exists.</param>
/// <param name="KindsNotServed">Kinds AGC would accept that this gateway does not serve, each with its own message.</param>
internal sealed record AlbTargetRule(
    string Policy, string Kind, string Article, IReadOnlySet<string> Groups, string GroupHint, string WholeTarget, string NotFoundReason,
    IReadOnlyDictionary<string, string> KindsNotServed);

/// <summary>
/// The judgement every AGC policy starts with, in the order AGC reports problems: its <c>spec.targetRef</c>, then
/// <c>spec.override</c> (not supported) and <c>spec.default</c> (required). Each kind's translator goes on from there.
/// </summary>
internal static class AlbPolicyTargets
{
    /// <summary>The target's namespace and name, or the first problem with <c>spec.targetRef</c>.</summary>
    public static ((string Namespace, string Name)? Target, (string Reason, string Message)? Problem) Target(
        AlbTargetReference target, string ns, AlbTargetRule rule, Func<string, string, bool> exists)
    {
        if (string.IsNullOrEmpty(target.Name) || string.IsNullOrEmpty(target.Kind))
        {
            return (null, (AlbPolicyReasons.NoTargetReference, $"spec.targetRef must name the {rule.Kind} the policy applies to (kind and name)"));
        }
        if (!rule.Groups.Contains(target.Group ?? ""))
        {
            return (null, (AlbPolicyReasons.InvalidGroup, $"spec.targetRef.group \"{target.Group}\" is not supported; {rule.GroupHint}"));
        }
        if (rule.KindsNotServed.TryGetValue(target.Kind, out var notServed))
        {
            return (null, (AlbPolicyReasons.InvalidKind, notServed));
        }
        if (target.Kind != rule.Kind)
        {
            return (null, (AlbPolicyReasons.InvalidKind, $"spec.targetRef: kind {target.Kind} is not supported; target {rule.Article} {rule.Kind}"));
        }
        if (target.SectionNames is { Count: > 0 })
        {
            return (null, (AlbPolicyReasons.SectionNamesNotPermitted,
                $"spec.targetRef.sectionNames is not permitted: a {rule.Policy} applies to the whole {rule.Kind}{rule.WholeTarget}"));
        }
        if (target.Namespace is { } targetNs && targetNs != ns)
        {
            return (null, (AlbPolicyReasons.RefNotPermitted,
                $"spec.targetRef: {rule.Kind} {targetNs}/{target.Name} is in another namespace; a {rule.Policy} applies only to {rule.Kind}s of its own namespace ({ns})"));
        }
        if (!exists(ns, target.Name))
        {
            return (null, (rule.NotFoundReason, $"spec.targetRef: {rule.Kind} {ns}/{target.Name} not found"));
        }
        return ((ns, target.Name), null);
    }

    /// <summary>
    /// The problem with where the settings are: <c>spec.override</c> is not supported, and <c>spec.default</c>, which
    /// holds <paramref name="defaultHolds"/>, is required (else <paramref name="invalidReason"/>); null when they are right.
    /// </summary>
    public static (string Reason, string Message)? Settings(object? @override, object? @default, string invalidReason, string defaultHolds) =>
        (@override, @default) switch
        {
            ({ }, _) => (AlbPolicyReasons.OverrideNotSupported, "spec.override is not supported; put the settings in spec.default"),
            (_, null) => (invalidReason, $"spec.default is required: it holds {defaultHolds}"),
            _ => null,
        };
}
