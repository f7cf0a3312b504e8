using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;

namespace AzureGateway.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CertificateAuthority _authority = CertificateAuthority.Create("test CA");

    [Fact]
    public async Task TheAgcScenarioWithItsSecretsIsAllAccepted()
    {
        WriteAgcScenarioWithSecrets();

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path);

        Assert.True(exitCode == ExitCodes.Ok, run.Output + run.Error);
        Assert.Contains("kind: GatewayClass", run.Output, StringComparison.Ordinal);
        Assert.Contains("name: gateway-01", run.Output, StringComparison.Ordinal);
        Assert.Contains("name: https-route", run.Output, StringComparison.Ordinal);
        Assert.Contains("name: mtls-app-tls-policy", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowConfigPrintsWhichResourceSuppliedEachBackendTlsSettingButNoKey()
    {
        WriteAgcScenarioWithSecrets();

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path, "--show-config");

        Assert.True(exitCode == ExitCodes.Ok, run.Output + run.Error);
        Assert.Contains("sni: backend.com", run.Output, StringComparison.Ordinal);
        Assert.Contains(
            "clientCertificate: alb.networking.azure.io BackendTLSPolicy test-infra/mtls-app-tls-policy spec.default.clientCertificateRef",
            run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN CERTIFICATE", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEnvoyGatewayScenarioWithItsSecretsIsAllAccepted()
    {
        using var listener = _authority.IssueServer(["www.example.com"]);
        using var globalClient = _authority.IssueClient("eg-global-client");
        using var backendClient = _authority.IssueClient("eg-backend-client");
        File.WriteAllText(_folder.File(ExampleManifests.EnvoyGateway), ExampleManifests.Read(ExampleManifests.EnvoyGateway));
        File.WriteAllText(_folder.File("secrets.yaml"), KubernetesManifests.Join(
            KubernetesManifests.TlsSecret("envoy-gateway-system", "example-client-cert", globalClient),
            KubernetesManifests.TlsSecret("default", "example-client-cert", backendClient),
            KubernetesManifests.TlsSecret("default", "example-cert", listener),
            KubernetesManifests.CaConfigMap("default", "example-ca", _authority.Certificate)));

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path);

        Assert.True(exitCode == ExitCodes.Ok, run.Output + run.Error);
        Assert.Contains("kind: Gateway", run.Output, StringComparison.Ordinal);
        Assert.Contains("name: tls-backend-client-cert", run.Output, StringComparison.Ordinal);
        Assert.Contains("name: backend", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAgcFrontendMtlsScenarioWithItsSecretsIsAllAcceptedAndItsListenerRequiresClientCertificates()
    {
        using var listener = _authority.IssueServer(["frontend.com"]);
        File.WriteAllText(_folder.File(ExampleManifests.AgcFrontend), ExampleManifests.Read(ExampleManifests.AgcFrontend));
        File.WriteAllText(_folder.File("secrets.yaml"), KubernetesManifests.Join(
            KubernetesManifests.TlsSecret("test-infra", "listener-tls-secret", listener),
            KubernetesManifests.CaSecret("test-infra", "ca.bundle", _authority.Certificate)));

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path, "--show-config");

        // Exit 0: every condition, the policy's Accepted and ResolvedRefs among them, is True.
        Assert.True(exitCode == ExitCodes.Ok, run.Output + run.Error);
        Assert.Contains("message: Valid FrontendTLSPolicy", run.Output, StringComparison.Ordinal);
        Assert.Contains("client certificates required by FrontendTLSPolicy test-infra/mtls-policy", run.Output, StringComparison.Ordinal);
        Assert.Contains("mode: RequireValid", run.Output, StringComparison.Ordinal);
        Assert.Contains("clientValidation: FrontendTLSPolicy test-infra/mtls-policy", run.Output, StringComparison.Ordinal);
    }

    /// <summary>The AGC example and the three Secrets it references, as the demo writes them.</summary>
    private void WriteAgcScenarioWithSecrets()
    {
        using var frontend = _authority.IssueServer(["frontend.com"]);
        using var client = _authority.IssueClient("gateway-client");
        File.WriteAllText(_folder.File(ExampleManifests.Agc), ExampleManifests.Read(ExampleManifests.Agc));
        File.WriteAllText(_folder.File("secrets.yaml"), DemoFolder.Secrets(_authority.Certificate, frontend, client));
    }

    [Fact]
    public async Task MissingSecretsExitOneWithTheFalseConditionsPrinted()
    {
        File.WriteAllText(_folder.File(ExampleManifests.Agc), ExampleManifests.Read(ExampleManifests.Agc));

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path);

        Assert.True(exitCode == ExitCodes.Failed, run.Output + run.Error);
        Assert.Contains("frontend.com", run.Output, StringComparison.Ordinal);
        Assert.Contains("ResolvedRefs", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatDoesNotParseExitsTwoNamingFileAndLine()
    {
        File.WriteAllText(_folder.File("good.yaml"), ExampleManifests.Read(ExampleManifests.Agc));
        File.WriteAllText(_folder.File("bad.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n  labels: a: b\n");

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path);

        Assert.Equal(ExitCodes.Unreadable, exitCode);
        Assert.StartsWith($"azgw: {_folder.File("bad.yaml")}:5: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task AMissingFolderExitsTwo()
    {
        var missing = _folder.File("missing");

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", missing);

        Assert.Equal(ExitCodes.Unreadable, exitCode);
        Assert.Equal($"azgw: {missing}: directory does not exist", run.Error.Trim());
    }

    public void Dispose()
    {
        _authority.Dispose();
        _folder.Dispose();
    }
}
