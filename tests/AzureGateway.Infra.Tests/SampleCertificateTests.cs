using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// infra/hooks/sample-certificates.sh, run with the machine's sh and openssl against a stand-in az CLI (FakeAz/az)
/// that keeps each imported certificate version as a file.
/// </summary>
public sealed class SampleCertificateTests : IDisposable
{
    private readonly string _vault = Directory.CreateTempSubdirectory("azuregateway-fake-vault-").FullName;

    public void Dispose() => Directory.Delete(_vault, recursive: true);

    [Fact]
    public void A_first_run_creates_a_ca_and_a_client_certificate_it_issued()
    {
        Succeeds(SampleCertificates());

        var ca = Certificates("gateway-client-ca", 1)[0];
        var client = Certificates("gateway-client", 1);
        Assert.Equal(ca.Subject, client[0].Issuer);
        Assert.True(IssuedBy(client[0], ca), "the client certificate does not chain to the sample CA");
        Assert.Contains(client[0].Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(),
            oid => oid.Value == "1.3.6.1.5.5.7.3.2");
        Assert.Equal(ca.Thumbprint, client[1].Thumbprint);
    }

    [Fact]
    public void Running_it_again_changes_nothing()
    {
        Succeeds(SampleCertificates());
        Succeeds(SampleCertificates());

        Assert.Single(Versions("gateway-client-ca"));
        Assert.Single(Versions("gateway-client"));
    }

    [Fact]
    public void Rotate_issues_a_new_client_version_from_the_same_ca()
    {
        Succeeds(SampleCertificates());

        Succeeds(SampleCertificates("--rotate"));

        var ca = Certificates("gateway-client-ca", 1)[0];
        var versions = Versions("gateway-client");
        Assert.Equal(2, versions.Count);
        var first = X509Certificate2.CreateFromPem(File.ReadAllText(versions[0]));
        var second = X509Certificate2.CreateFromPem(File.ReadAllText(versions[1]));
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.True(IssuedBy(second, ca), "the rotated client certificate does not chain to the sample CA");
    }

    [Fact]
    public void Without_the_vault_name_it_stops_with_one_line()
    {
        var run = HookScripts.Execute([RepositoryFiles.File("infra", "hooks", "sample-certificates.sh")], Environment(vaultName: ""));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error: AZURE_KEY_VAULT_NAME is not set", run.Output, StringComparison.Ordinal);
    }

    private HookScripts.Run SampleCertificates(params string[] arguments) =>
        HookScripts.Execute([RepositoryFiles.File("infra", "hooks", "sample-certificates.sh"), .. arguments], Environment("fake"));

    private Dictionary<string, string> Environment(string vaultName) => new()
    {
        ["PATH"] = $"{Path.Combine(AppContext.BaseDirectory, "FakeAz")}:{System.Environment.GetEnvironmentVariable("PATH")}",
        ["FAKE_VAULT"] = _vault,
        ["AZURE_KEY_VAULT_NAME"] = vaultName,
    };

    private static void Succeeds(HookScripts.Run run) => Assert.True(run.ExitCode == 0, run.Output);

    private IReadOnlyList<string> Versions(string name) =>
        Directory.GetFiles(Path.Combine(_vault, name)).OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>The certificates of the newest version of <paramref name="name"/>, leaf first; it must hold a private key.</summary>
    private List<X509Certificate2> Certificates(string name, int versions)
    {
        var all = Versions(name);
        Assert.Equal(versions, all.Count);
        var pem = File.ReadAllText(all[^1]);
        Assert.Contains("PRIVATE KEY-----", pem, StringComparison.Ordinal);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
