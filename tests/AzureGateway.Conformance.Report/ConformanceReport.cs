namespace AzureGateway.Conformance.Report;

/// <summary>Who the report is about, as the Gateway API's ConformanceReport names an implementation.</summary>
public sealed record Implementation(string Organization, string Project, string Url, string Version, IReadOnlyList<string> Contact);

/// <summary>The cases of one part of a profile (Core or Extended) and how they ended.</summary>
public sealed record PartResult(int Passed, int Skipped, int Failed, IReadOnlyList<string> SkippedTests, IReadOnlyList<string> FailedTests)
{
    /// <summary>success: all ran and passed; partial: none failed but some were skipped; failure: any failed.</summary>
    public string Result => Failed > 0 ? "failure" : Skipped > 0 ? "partial" : "success";

    public static PartResult Of(IEnumerable<TestOutcome> tests, Func<TestOutcome, Outcome> outcome)
    {
        var list = tests.Select(t => (t.Name, Outcome: outcome(t))).ToList();
        return new PartResult(
            list.Count(t => t.Outcome == Outcome.Passed),
            list.Count(t => t.Outcome == Outcome.Skipped),
            list.Count(t => t.Outcome == Outcome.Failed),
            [.. list.Where(t => t.Outcome == Outcome.Skipped).Select(t => t.Name)],
            [.. list.Where(t => t.Outcome == Outcome.Failed).Select(t => t.Name)]);
    }
}

/// <summary>
/// The GATEWAY-HTTP part of a Gateway API ConformanceReport (gateway.networking.k8s.io/v1): the Core cases, and
/// the Extended cases of the claimed features. A case checks the features of its traits; it is Extended when it
/// needs any feature beyond Core. A case that needs a feature not claimed (HTTPRoute retry, which is honoured but in
/// the experimental channel) still runs in CI, but is not part of the report, as the upstream suite does not run the
/// tests of features an implementation does not claim; skipped means a case that did not run.
/// </summary>
public sealed record ConformanceReport(
    Implementation Implementation, DateTimeOffset Date, PartResult Core, PartResult Extended,
    IReadOnlyList<string> SupportedFeatures, IReadOnlyList<string> UnsupportedFeatures)
{
    public static ConformanceReport Build(
        Implementation implementation, DateTimeOffset date, IEnumerable<TestOutcome> tests, IReadOnlyList<string> claimed)
    {
        // Claims of other profiles (TLSRoute) are not this report's: their cases are left out like unclaimed ones.
        var claimedSet = claimed.Where(HttpProfile.ExtendedFeatures.Contains).ToHashSet(StringComparer.Ordinal);
        var all = tests.ToList();
        var core = all.Where(t => t.Features.All(f => f == HttpProfile.CoreTrait)).ToList();
        var extended = all.Except(core).Where(t => t.Features.All(f => f == HttpProfile.CoreTrait || claimedSet.Contains(f))).ToList();
        return new ConformanceReport(
            implementation,
            date,
            PartResult.Of(core, t => t.Outcome),
            PartResult.Of(extended, t => t.Outcome),
            [.. HttpProfile.ExtendedFeatures.Where(claimedSet.Contains)],
            [.. HttpProfile.ExtendedFeatures.Where(f => !claimedSet.Contains(f))]);
    }

    /// <summary>One sentence per part, as published reports summarise.</summary>
    public string Summary => $"Core tests {Sentence(Core)} Extended tests {Sentence(Extended)}";

    private static string Sentence(PartResult part) => part.Result switch
    {
        "success" => "succeeded.",
        "partial" => $"partially succeeded with {part.Skipped} test skips.",
        _ => $"failed with {part.Failed} test failures.",
    };
}
