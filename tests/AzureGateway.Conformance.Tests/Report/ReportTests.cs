using AzureGateway.Conformance.Report;
using AzureGateway.Conformance.Tests.Cases;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Conformance.Tests.Report;

/// <summary>The report CI writes from the suite's results, and the README table written from the claimed features.</summary>
public sealed class ReportTests
{
    private static readonly Implementation Us = new("org", "project", "https://example.com/project", "1.2", ["https://example.com/contact"]);

    [Fact]
    public void TheReadmeSupportTableIsTheOneTheClaimedFeaturesGive()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

        Assert.Equal(SupportTable.Markdown(SupportedFeatures.Names), SupportTable.Current(readme));
    }

    [Fact]
    public void EveryClaimedFeatureIsAFeatureOfTheProfiles()
    {
        Assert.All(SupportedFeatures.Names, f => Assert.Contains(f,
            HttpProfile.CoreFeatures.Concat(HttpProfile.ExtendedFeatures).Concat(GrpcProfile.CoreFeatures).Concat(GrpcProfile.ExtendedFeatures)
                .Concat(TlsProfile.CoreFeatures).Concat(TlsProfile.ExtendedFeatures)));
        Assert.All(HttpProfile.CoreFeatures, f => Assert.Contains(f, SupportedFeatures.Names));
    }

    [Fact]
    public void EveryClaimedExtendedFeatureHasCasesInTheSuite()
    {
        var features = TestFeatures.Read(typeof(RoutingTests).Assembly.Location).Values.SelectMany(f => f).ToHashSet();

        Assert.All(SupportedFeatures.Names.Except(HttpProfile.CoreFeatures), f => Assert.Contains(f, features));
        Assert.Contains(HttpProfile.CoreTrait, features);
    }

    [Fact]
    public void TheFeaturesOfATestAreReadFromItsTraits()
    {
        var features = TestFeatures.Read(typeof(RedirectTests).Assembly.Location);

        Assert.Equal(
            ["HTTPRoutePortRedirect", "HTTPRouteSchemeRedirect"],
            features[$"{typeof(RedirectTests).FullName}.{nameof(RedirectTests.ASchemeAndPortRedirectOmitsOnlyTheNewSchemesDefaultPort)}"]);
    }

    [Fact]
    public void CoreAndClaimedCasesAreCountedAndCasesOfUnclaimedFeaturesAreLeftOut()
    {
        TestOutcome[] tests =
        [
            new("core-pass", ["Core"], Outcome.Passed),
            new("core-fail", ["Core"], Outcome.Failed),
            new("claimed-pass", ["HTTPRouteCORS"], Outcome.Passed),
            new("two-claimed", ["HTTPRoutePortRedirect", "HTTPRouteSchemeRedirect"], Outcome.Passed),
            new("unclaimed", ["HTTPRouteCORS", "ListenerSet"], Outcome.Failed),
            new("not-run", ["HTTPRouteCORS"], Outcome.Skipped),
        ];

        var report = ConformanceReport.Build(Us, DateTimeOffset.UnixEpoch, tests, ["Gateway", "HTTPRoute", "HTTPRouteCORS", "HTTPRoutePortRedirect", "HTTPRouteSchemeRedirect"]);

        Assert.Equal((1, 1, 0), (report.Core.Passed, report.Core.Failed, report.Core.Skipped));
        Assert.Equal("failure", report.Core.Result);
        Assert.Equal(["core-fail"], report.Core.FailedTests);
        Assert.Equal((2, 0, 1), (report.Extended.Passed, report.Extended.Failed, report.Extended.Skipped));
        Assert.Equal(["not-run"], report.Extended.SkippedTests);
        Assert.Equal("partial", report.Extended.Result);
        Assert.Equal(["HTTPRouteCORS", "HTTPRoutePortRedirect", "HTTPRouteSchemeRedirect"], report.SupportedFeatures);
        Assert.Contains("ListenerSet", report.UnsupportedFeatures);
        Assert.Equal("Core tests failed with 1 test failures. Extended tests partially succeeded with 1 test skips.", report.Summary);
    }

    [Fact]
    public void CasesOfAnotherProfilesClaimedFeaturesAreLeftOutOfTheHttpReport()
    {
        TestOutcome[] tests = [new("http", ["Core"], Outcome.Passed), new("tls", ["TLSRoute"], Outcome.Failed), new("terminate", ["TLSRouteModeTerminate"], Outcome.Passed)];

        var report = ConformanceReport.Build(Us, DateTimeOffset.UnixEpoch, tests, ["Gateway", "HTTPRoute", "TLSRoute", "TLSRouteModeTerminate"]);

        Assert.Equal((1, 0, 0, 0), (report.Core.Passed, report.Core.Failed, report.Extended.Passed, report.Extended.Failed));
        Assert.DoesNotContain("TLSRoute", report.SupportedFeatures);
    }

    [Fact]
    public void TheReportIsWrittenInThePublishedLayout()
    {
        var report = ConformanceReport.Build(Us, DateTimeOffset.UnixEpoch, [new("a", ["Core"], Outcome.Passed), new("b", ["HTTPRouteCORS"], Outcome.Passed)], ["HTTPRouteCORS"]);

        var yaml = ReportYaml.Write(report);

        Assert.StartsWith("""
            apiVersion: gateway.networking.k8s.io/v1
            date: "1970-01-01T00:00:00Z"
            gatewayAPIChannel: standard
            gatewayAPIVersion: v1.6.1
            implementation:
              contact:
              - https://example.com/contact
              organization: org
              project: project
              url: https://example.com/project
              version: "1.2"
            kind: ConformanceReport
            mode: default
            profiles:
            - core:
                result: success
                statistics:
                  Failed: 0
                  Passed: 1
                  Skipped: 0
              extended:
                result: success
                statistics:
                  Failed: 0
                  Passed: 1
                  Skipped: 0
                supportedFeatures:
                - HTTPRouteCORS
                unsupportedFeatures:
                - BackendTLSPolicy

            """.Replace("\r\n", "\n"), yaml);
        Assert.EndsWith("  name: GATEWAY-HTTP\n  summary: Core tests succeeded. Extended tests succeeded.\n", yaml);
    }

    [Fact]
    public void ATrxFileGivesEachCaseItsOutcomeAndTheFeaturesOfItsMethod()
    {
        var trx = Path.GetTempFileName();
        try
        {
            File.WriteAllText(trx, """
                <?xml version="1.0" encoding="utf-8"?>
                <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
                  <Results>
                    <UnitTestResult testId="1" testName="N.C.Theory(path: &quot;/a(b)&quot;)" outcome="Passed" />
                    <UnitTestResult testId="2" testName="N.C.Fact" outcome="Failed" />
                    <UnitTestResult testId="3" testName="N.C.Skipped" outcome="NotExecuted" />
                    <UnitTestResult testId="4" testName="N.Other.Unrelated" outcome="Passed" />
                  </Results>
                </TestRun>
                """);
            var features = new Dictionary<string, IReadOnlyList<string>>
            {
                ["N.C.Theory"] = ["Core"], ["N.C.Fact"] = ["HTTPRouteCORS"], ["N.C.Skipped"] = ["Core"],
            };

            var tests = TrxFile.Read(trx, features);

            Assert.Equal(
                [
                    new TestOutcome("N.C.Fact", features["N.C.Fact"], Outcome.Failed),
                    new TestOutcome("N.C.Skipped", features["N.C.Skipped"], Outcome.Skipped),
                    new TestOutcome("N.C.Theory(path: \"/a(b)\")", features["N.C.Theory"], Outcome.Passed),
                ],
                tests);
        }
        finally
        {
            File.Delete(trx);
        }
    }
}
