using System.Security.Cryptography.X509Certificates;
using AzureGateway.Model;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// A translator remembers the certificates it parsed from one snapshot to the next. What it gives must be what
/// a new translator gives, whatever it translated before.
/// </summary>
public sealed class ReusedTranslatorTests
{
    [Fact]
    public void A_translator_that_translated_every_other_case_gives_each_case_the_result_of_a_new_translator()
    {
        var cases = GoldenFiles.Cases().Select(c => (string)c[0]).ToList();
        var snapshots = cases.ToDictionary(c => c, c => GoldenFiles.Snapshot(c + ".in.yaml", GoldenFiles.ReadInput(c)));
        var reused = new GatewayTranslator(GoldenFiles.Options);

        // Forward, then backward: every case is translated once after a different case and once after itself.
        foreach (var name in cases.Concat(Enumerable.Reverse(cases)))
        {
            Assert.Equal(
                GoldenFiles.Render(GoldenFiles.Translate(snapshots[name])),
                GoldenFiles.Render(reused.Translate(snapshots[name])));
        }
    }

    [Fact]
    public void A_certificate_parsed_while_valid_is_reported_expired_once_the_clock_passes_its_end()
    {
        var name = "listener-certificate-problems";
        var snapshot = GoldenFiles.Snapshot(name + ".in.yaml", GoldenFiles.ReadInput(name));
        using var expired = X509Certificate2.CreateFromPem(
            File.ReadAllText(Path.Combine(GoldenFiles.TestDataDirectory, "certs", "expired.crt")));
        var clock = new FakeTimeProvider(new DateTimeOffset(expired.NotBefore.ToUniversalTime()).AddMinutes(1));
        var translator = new GatewayTranslator(new TranslatorOptions { Time = clock });

        Assert.Equal("True", ListenerCondition(translator.Translate(snapshot), "expired", "ResolvedRefs"));
        clock.SetUtcNow(new DateTimeOffset(expired.NotAfter.ToUniversalTime()).AddMinutes(1));
        Assert.Equal("False", ListenerCondition(translator.Translate(snapshot), "expired", "ResolvedRefs"));
    }

    private static string ListenerCondition(TranslationResult result, string listener, string type) =>
        result.Statuses.Select(s => s.Status).OfType<GatewayStatus>().Single()
            .Listeners.Single(l => l.Name == listener)
            .Conditions.Single(c => c.Type == type).Status;
}
