using System.Xml.Linq;

namespace AzureGateway.Conformance.Report;

/// <summary>
/// Reads a Visual Studio test results (TRX) file: each test's outcome from its result, and its
/// <c>Feature</c> traits from its definition (the TRX logger writes xUnit traits as test properties).
/// </summary>
public static class TrxFile
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public const string FeatureTrait = "Feature";

    public static IReadOnlyList<TestOutcome> Read(string path)
    {
        var document = XDocument.Load(path);
        var features = document.Descendants(Trx + "UnitTest").ToDictionary(
            test => (string)test.Attribute("id")!,
            test => (IReadOnlyList<string>)[.. test.Descendants(Trx + "Property")
                .Where(p => (string?)p.Element(Trx + "Key") == FeatureTrait)
                .Select(p => (string)p.Element(Trx + "Value")!)
                .Order(StringComparer.Ordinal)]);
        return [.. document.Descendants(Trx + "UnitTestResult")
            .Select(result => new TestOutcome(
                (string)result.Attribute("testName")!,
                features.GetValueOrDefault((string)result.Attribute("testId")!) ?? [],
                OutcomeOf((string?)result.Attribute("outcome"))))
            .Where(test => test.Features.Count > 0)
            .OrderBy(test => test.Name, StringComparer.Ordinal)];
    }

    /// <summary>Anything but passed or not run (timeouts, aborts, errors) is a failure.</summary>
    private static Outcome OutcomeOf(string? outcome) => outcome switch
    {
        "Passed" => Outcome.Passed,
        "NotExecuted" => Outcome.Skipped,
        _ => Outcome.Failed,
    };
}
