using System.Diagnostics;
using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// A redirect's or rewrite's <c>path</c>: ReplaceFullPath, or ReplacePrefixMatch, which replaces what the rule's
/// PathPrefix match matched. The schema allows ReplacePrefixMatch only in a rule with exactly one match, of type
/// PathPrefix; that match's value is the <c>MatchedPrefix</c>.
/// </summary>
public static class PathModifierTranslator
{
    private const int MaxLength = 1024;

    /// <param name="matchedPrefix">The value of the rule's single PathPrefix match, or null when the rule has another shape.</param>
    public static PathModifierIr? Translate(HttpPathModifier path, string field, string? matchedPrefix, List<string> problems)
    {
        switch (path.Type)
        {
            case "ReplaceFullPath" when path.ReplacePrefixMatch is not null:
                problems.Add($"{field}.replacePrefixMatch is set but the type is ReplaceFullPath");
                return null;
            case "ReplacePrefixMatch" when path.ReplaceFullPath is not null:
                problems.Add($"{field}.replaceFullPath is set but the type is ReplacePrefixMatch");
                return null;
            case "ReplaceFullPath" when path.ReplaceFullPath is null:
                problems.Add($"{field}.replaceFullPath must be set when the type is ReplaceFullPath");
                return null;
            case "ReplacePrefixMatch" when path.ReplacePrefixMatch is null:
                problems.Add($"{field}.replacePrefixMatch must be set when the type is ReplacePrefixMatch");
                return null;
            case "ReplaceFullPath":
                return Checked(PathModifierType.ReplaceFullPath, path.ReplaceFullPath!, $"{field}.replaceFullPath", null, problems);
            case "ReplacePrefixMatch" when matchedPrefix is null:
                problems.Add($"{field}.replacePrefixMatch needs the rule to have exactly one match, and of type PathPrefix");
                return null;
            case "ReplacePrefixMatch":
                return Checked(PathModifierType.ReplacePrefixMatch, path.ReplacePrefixMatch!, $"{field}.replacePrefixMatch", matchedPrefix, problems);
            case null:
                problems.Add($"{field}.type must be set: ReplaceFullPath or ReplacePrefixMatch");
                return null;
            default:
                throw new UnreachableException($"path modifier type \"{path.Type}\" passed the CRD's enum check");
        }
    }

    private static PathModifierIr? Checked(PathModifierType type, string value, string field, string? matchedPrefix, List<string> problems)
    {
        if (value.Length > MaxLength)
        {
            problems.Add($"{field} is longer than {MaxLength} characters");
            return null;
        }
        return new PathModifierIr { Type = type, Value = value, MatchedPrefix = matchedPrefix };
    }
}
