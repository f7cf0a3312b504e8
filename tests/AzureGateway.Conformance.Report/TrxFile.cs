using System.Xml.Linq;

namespace AzureGateway.Conformance.Report;

/// <summary>
/// Reads a Visual Studio test results (TRX) file: how each test ended, with the features
/// <see cref="TestFeatures"/> found for its method. Tests of methods without features (other projects' tests,
/// the suite's own checks of its report) are left out.
/// </summary>
public static class TrxFile
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static IReadOnlyList<TestOutcome> Read(string path, IReadOnlyDictionary<string, IReadOnlyList<string>> features) =>
        [.. XDocument.Load(path).Descendants(Trx + "UnitTestResult")
            .Select(result => (Name: (string)result.Attribute("testName")!, Outcome: (string?)result.Attribute("outcome")))
            .Select(test => new TestOutcome(test.Name, features.GetValueOrDefault(MethodOf(test.Name)) ?? [], OutcomeOf(test.Outcome)))
            .Where(test => test.Features.Count > 0)
            .OrderBy(test => test.Name, StringComparer.Ordinal)];

    /// <summary>A theory's case is named by its method and arguments, <c>N.C.Method(path: "/")</c>.</summary>
    private static string MethodOf(string testName) =>
        testName.IndexOf('(', StringComparison.Ordinal) is >= 0 and var open ? testName[..open] : testName;

    /// <summary>Anything but passed or not run (timeouts, aborts, errors) is a failure.</summary>
    private static Outcome OutcomeOf(string? outcome) => outcome switch
    {
        "Passed" => Outcome.Passed,
        "NotExecuted" => Outcome.Skipped,
        _ => Outcome.Failed,
    };
}
