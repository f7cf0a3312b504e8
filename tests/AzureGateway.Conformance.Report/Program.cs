using AzureGateway.Conformance.Report;
using AzureGateway.Translation.Gateways;

// conformance-report --tests DLL --results DIR --out FILE [--version V] [--url URL]
//     writes the report from the TRX files in DIR, with the features of each test read from the suite's DLL
// conformance-report --readme FILE                             rewrites the README's support table
var options = Arguments(args);
if (options.TryGetValue("--readme", out var readmePath))
{
    var updated = SupportTable.Replace(File.ReadAllText(readmePath), SupportedFeatures.Names);
    if (updated is null)
    {
        Console.Error.WriteLine($"conformance-report: {readmePath}: no {SupportTable.Begin} ... {SupportTable.End} markers");
        return 2;
    }
    File.WriteAllText(readmePath, updated);
    Console.WriteLine($"{readmePath}: support table written");
    return 0;
}
if (!options.TryGetValue("--tests", out var suite) || !options.TryGetValue("--results", out var results) || !options.TryGetValue("--out", out var output))
{
    Console.Error.WriteLine("usage: conformance-report --tests DLL --results DIR --out FILE [--version V] [--url URL] | --readme FILE");
    return 2;
}
// Only the conformance suite's tests have features; other projects' TRX files add nothing.
var features = TestFeatures.Read(suite);
var tests = Directory.GetFiles(results, "*.trx").SelectMany(trx => TrxFile.Read(trx, features)).ToList();
if (tests.Count == 0)
{
    Console.Error.WriteLine($"conformance-report: {results}: no conformance test results");
    return 1;
}
// Where the project is published is the publisher's to say; a local run says so instead of guessing.
var url = options.GetValueOrDefault("--url") ?? "unpublished";
var implementation = new Implementation("AzureGateway", "AzureGateway", url, options.GetValueOrDefault("--version") ?? "dev", [url]);
var report = ConformanceReport.Build(implementation, DateTimeOffset.UtcNow, tests, SupportedFeatures.Names);
File.WriteAllText(output, ReportYaml.Write(report));
Console.WriteLine($"Conformance report ({HttpProfile.Name}): {output}; {report.Summary}");
return 0;

static Dictionary<string, string> Arguments(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        options[args[i]] = args[i + 1];
    }
    return options;
}
