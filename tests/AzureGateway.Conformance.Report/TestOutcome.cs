namespace AzureGateway.Conformance.Report;

/// <summary>One case of the conformance suite: its name, the features it checks and how it ended.</summary>
public sealed record TestOutcome(string Name, IReadOnlyList<string> Features, Outcome Outcome);

public enum Outcome
{
    Passed,
    Failed,
    Skipped,
}
