using System.Text;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.Sources.Files;
using k8s.Models;

namespace AzureGateway.Cli.Tests;

public sealed class ManifestWritingTests
{
    [Fact]
    public void EndpointSlicePortIsRewrittenAndTheRestOfTheExampleIsKeptAsWritten()
    {
        var original = ExampleManifests.Read(ExampleManifests.Agc);

        var rewritten = ExampleManifests.WithBackendPort(original, 41234);

        var slice = Assert.Single(Load(rewritten).Objects.OfType<V1EndpointSlice>());
        Assert.Equal(41234, Assert.Single(slice.Ports).Port);
        var service = Assert.Single(Load(rewritten).Objects.OfType<V1Service>());
        Assert.Equal(443, Assert.Single(service.Spec.Ports).Port);
        // Only the port's digits changed: comments and layout are the user's to read.
        Assert.Equal(original.Replace("- port: 8443", "- port: 41234", StringComparison.Ordinal), rewritten);
    }

    [Fact]
    public void EnvoyGatewayBackendEndpointPortIsRewritten()
    {
        var original = ExampleManifests.Read(ExampleManifests.EnvoyGateway);

        var rewritten = ExampleManifests.WithBackendPort(original, 41234);

        var backend = Assert.Single(Load(rewritten).Objects.OfType<AzureGateway.Model.EnvoyGateway.Backend>());
        Assert.Equal(41234, Assert.Single(backend.Spec.Endpoints).Fqdn!.Port);
        Assert.Equal(original.Replace("port: 9443", "port: 41234", StringComparison.Ordinal), rewritten);
    }

    [Theory]
    [InlineData(ExampleManifests.Agc)]
    [InlineData(ExampleManifests.AgcFrontend)]
    [InlineData(ExampleManifests.EnvoyGateway)]
    public void EachExampleIsEmbeddedLoadsAndHasABackendPortToSet(string name)
    {
        var example = ExampleManifests.Read(name);

        Assert.Null(Load(example).Error);
        Assert.NotEqual(example, ExampleManifests.WithBackendPort(example, 41234));
    }

    [Fact]
    public void WrittenSecretsAndConfigMapsReadBackAsTheCertificatesWritten()
    {
        using var authority = CertificateAuthority.Create("test CA");
        using var server = authority.IssueServer(["frontend.com"]);

        var loaded = Load(KubernetesManifests.Join(
            KubernetesManifests.TlsSecret("test-infra", "frontend.com", server, authority.Certificate),
            KubernetesManifests.CaSecret("test-infra", "ca.bundle", authority.Certificate),
            KubernetesManifests.CaConfigMap("default", "example-ca", authority.Certificate)));

        Assert.Null(loaded.Error);
        var tls = loaded.Objects.OfType<V1Secret>().Single(s => s.Metadata.Name == "frontend.com");
        Assert.Equal("kubernetes.io/tls", tls.Type);
        Assert.Equal("test-infra", tls.Metadata.NamespaceProperty);
        var withKey = PemCertificates.ReadWithKey(Text(tls.Data["tls.crt"]), Text(tls.Data["tls.key"]));
        Assert.True(withKey.Succeeded, withKey.Error);
        Assert.Equal(server.Thumbprint, withKey.Value!.Thumbprint);
        Assert.Equal(2, PemCertificates.ReadBundle(Text(tls.Data["tls.crt"])).Value!.Count);

        var bundle = loaded.Objects.OfType<V1Secret>().Single(s => s.Metadata.Name == "ca.bundle");
        Assert.Equal("Opaque", bundle.Type);
        Assert.Equal(authority.Certificate.Thumbprint, PemCertificates.ReadBundle(Text(bundle.Data["ca.crt"])).Value!.Single().Thumbprint);

        var configMap = Assert.Single(loaded.Objects.OfType<V1ConfigMap>());
        Assert.Equal(authority.Certificate.Thumbprint, PemCertificates.ReadBundle(configMap.Data["ca.crt"]).Value!.Single().Thumbprint);
    }

    private static FileLoadResult Load(string yaml) => YamlDocumentLoader.Load("test.yaml", yaml);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
