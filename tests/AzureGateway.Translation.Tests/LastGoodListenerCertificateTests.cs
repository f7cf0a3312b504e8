using AzureGateway.IR;
using AzureGateway.Model;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// A listener Secret whose new content cannot be used (a key that does not match, PEM that does not parse, a key
/// missing) keeps serving the certificate the same translator served from it last, while that is valid, and the
/// listener's status says so. A new translator, a deleted Secret or an expired certificate keeps nothing.
/// </summary>
public sealed class LastGoodListenerCertificateTests
{
    [Fact]
    public void A_secret_whose_key_stops_matching_keeps_serving_the_last_good_certificate_until_a_good_one_arrives()
    {
        var translator = new GatewayTranslator(GoldenFiles.Options);
        var good = translator.Translate(Snapshot("www.crt", "www.key"));
        var served = ServedCertificate(good);
        Assert.Equal("CN=www.example.com", served.Subject);
        Assert.Equal(served.NotAfter, good.HoldsUntil);

        var bad = translator.Translate(Snapshot("www.crt", "frontend.key"));

        Assert.Equal(served, ServedCertificate(bad));
        // The kept certificate's expiry is when this result stops holding: whoever serves it translates again then.
        Assert.Equal(served.NotAfter, bad.HoldsUntil);
        var resolvedRefs = Condition(bad, "ResolvedRefs");
        Assert.Equal(("False", "InvalidCertificateRef"), (resolvedRefs.Status, resolvedRefs.Reason));
        Assert.Equal(
            "Secret web/site-cert: the private key does not match the certificate; serving the previous certificate "
            + $"CN=www.example.com ({served.Thumbprint}) until {served.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z.",
            resolvedRefs.Message);
        Assert.Equal("True", Condition(bad, "Programmed").Status);

        var stillBad = translator.Translate(Snapshot("www.crt", "frontend.key") with { });
        Assert.Equal(served, ServedCertificate(stillBad));

        var replaced = translator.Translate(Snapshot("frontend.crt", "frontend.key"));
        Assert.Equal("CN=frontend.com", ServedCertificate(replaced).Subject);
        Assert.Equal("True", Condition(replaced, "ResolvedRefs").Status);
        Assert.Equal(GoldenFiles.Render(GoldenFiles.Translate(Snapshot("frontend.crt", "frontend.key"))), GoldenFiles.Render(replaced));

        // The memory was replaced: a bad key now keeps the new certificate, not the first one.
        var badAgain = translator.Translate(Snapshot("www.crt", "www.key", tlsKey: "not a key"));
        Assert.Equal("CN=frontend.com", ServedCertificate(badAgain).Subject);
    }

    [Theory]
    [InlineData("not a certificate", "www.key")]
    [InlineData("www.crt", null)]
    public void Unparsable_pem_or_a_missing_key_also_keeps_the_last_good_certificate(string tlsCrt, string? tlsKey)
    {
        var translator = new GatewayTranslator(GoldenFiles.Options);
        var served = ServedCertificate(translator.Translate(Snapshot("www.crt", "www.key")));

        var bad = tlsCrt.EndsWith(".crt", StringComparison.Ordinal)
            ? translator.Translate(Snapshot(tlsCrt, tlsKey))
            : translator.Translate(Snapshot("www.crt", tlsKey, tlsCrt: tlsCrt));

        Assert.Equal(served, ServedCertificate(bad));
        Assert.Contains("serving the previous certificate CN=www.example.com", Condition(bad, "ResolvedRefs").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_translator_given_the_bad_secret_does_not_program_the_listener()
    {
        var result = GoldenFiles.Translate(Snapshot("www.crt", "frontend.key"));

        Assert.Empty(result.Ir.Ports.SelectMany(p => p.ListenerTls));
        Assert.Equal("False", Condition(result, "Programmed").Status);
        Assert.Equal("Secret web/site-cert: the private key does not match the certificate.", Condition(result, "ResolvedRefs").Message);
    }

    [Fact]
    public void A_deleted_secret_keeps_nothing()
    {
        var translator = new GatewayTranslator(GoldenFiles.Options);
        translator.Translate(Snapshot("www.crt", "www.key"));
        var good = Snapshot("www.crt", "www.key");

        var deleted = translator.Translate(good with { Secrets = [] });

        Assert.Empty(deleted.Ir.Ports.SelectMany(p => p.ListenerTls));
        Assert.Equal("Secret web/site-cert does not exist.", Condition(deleted, "ResolvedRefs").Message);
        // Nor does the Secret coming back broken bring the old certificate back.
        var broken = translator.Translate(Snapshot("www.crt", "frontend.key"));
        Assert.Empty(broken.Ir.Ports.SelectMany(p => p.ListenerTls));
    }

    [Fact]
    public void A_kept_certificate_is_dropped_once_it_expires()
    {
        var clock = new FakeTimeProvider(GoldenFiles.Now);
        var translator = new GatewayTranslator(new TranslatorOptions { Time = clock });
        var served = ServedCertificate(translator.Translate(Snapshot("www.crt", "www.key")));
        Assert.Equal(served, ServedCertificate(translator.Translate(Snapshot("www.crt", "frontend.key"))));

        clock.SetUtcNow(served.NotAfter.AddMinutes(1));
        var expired = translator.Translate(Snapshot("www.crt", "frontend.key"));

        Assert.Empty(expired.Ir.Ports.SelectMany(p => p.ListenerTls));
        Assert.Equal("False", Condition(expired, "Programmed").Status);
    }

    private static ResourceSnapshot Snapshot(string certificate, string? key, string? tlsCrt = null, string? tlsKey = null)
    {
        var keyLine = (tlsKey, key) switch
        {
            ({ } text, _) => $"\n  tls.key: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text))}",
            (null, { } file) => $"\n  tls.key: ${{b64:{file}}}",
            _ => "",
        };
        var crtLine = tlsCrt is null ? $"${{b64:{certificate}}}" : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(tlsCrt));
        var yaml = $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata:
              name: azure-gateway
            spec:
              controllerName: azuregateway.io/gateway-controller
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: edge
              namespace: web
            spec:
              gatewayClassName: azure-gateway
              listeners:
              - name: site
                port: 443
                protocol: HTTPS
                tls:
                  certificateRefs:
                  - name: site-cert
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: site-cert
              namespace: web
            type: kubernetes.io/tls
            data:
              tls.crt: {{crtLine}}{{keyLine}}
            """;
        var expanded = System.Text.RegularExpressions.Regex.Replace(yaml, @"\$\{b64:([A-Za-z0-9._-]+)\}", m =>
            Convert.ToBase64String(File.ReadAllBytes(Path.Combine(GoldenFiles.TestDataDirectory, "certs", m.Groups[1].Value))));
        return GoldenFiles.Snapshot("last-good.in.yaml", expanded);
    }

    private static CertificateIr ServedCertificate(TranslationResult result) =>
        result.Ir.Ports.SelectMany(p => p.ListenerTls).Single().Certificate;

    private static Condition Condition(TranslationResult result, string type) =>
        result.Statuses.Select(s => s.Status).OfType<GatewayStatus>().Single()
            .Listeners.Single(l => l.Name == "site")
            .Conditions.Single(c => c.Type == type);
}
