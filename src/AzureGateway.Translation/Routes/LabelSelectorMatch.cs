using k8s.Models;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// Kubernetes label selector semantics (<c>matchLabels</c> and <c>matchExpressions</c> with In, NotIn,
/// Exists, DoesNotExist), all requirements ANDed, as <c>allowedRoutes.namespaces.selector</c> uses them.
/// </summary>
public static class LabelSelectorMatch
{
    private static readonly string[] Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    /// <summary>Why the selector cannot be evaluated (a person's sentence), or null when it is well formed.</summary>
    public static string? Problem(V1LabelSelector selector)
    {
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            if (!Operators.Contains(requirement.OperatorProperty, StringComparer.Ordinal))
            {
                return $"label selector operator \"{requirement.OperatorProperty}\" on key \"{requirement.Key}\" is not one of {string.Join(", ", Operators)}";
            }
            var hasValues = requirement.Values is { Count: > 0 };
            if (requirement.OperatorProperty is "In" or "NotIn" && !hasValues)
            {
                return $"label selector operator {requirement.OperatorProperty} on key \"{requirement.Key}\" needs values";
            }
            if (requirement.OperatorProperty is "Exists" or "DoesNotExist" && hasValues)
            {
                return $"label selector operator {requirement.OperatorProperty} on key \"{requirement.Key}\" takes no values";
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="labels"/> satisfy every requirement. Assumes <see cref="Problem"/> found none.</summary>
    public static bool Matches(V1LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var present = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var holds = requirement.OperatorProperty switch
            {
                "In" => present && values.Contains(actual!),
                // As in Kubernetes, NotIn also holds for an object without the label.
                "NotIn" => !present || !values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }
}
