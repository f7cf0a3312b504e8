using AzureGateway.Model;
using k8s;
using k8s.Models;

namespace AzureGateway.Deploy.Tests;

public sealed class ManifestParsingTests
{
    public static TheoryData<string> YamlFiles() => new(DeployManifests.Files());

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void EveryYamlFileParsesAndEachDocumentNamesItsKind(string file)
    {
        var documents = DeployManifests.Documents(file);

        Assert.NotEmpty(documents);
        Assert.All(documents, document =>
        {
            Assert.False(string.IsNullOrEmpty(document["apiVersion"]?.GetValue<string>()), $"{file}: a document has no apiVersion");
            Assert.False(string.IsNullOrEmpty(document["kind"]?.GetValue<string>()), $"{file}: a document has no kind");
        });
    }

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void EveryKubernetesObjectParsesAsItsTypeAndIsNamed(string file)
    {
        foreach (var document in DeployManifests.Documents(file).Where(d => d["kind"]!.GetValue<string>() != "Kustomization"))
        {
            var apiVersion = document["apiVersion"]!.GetValue<string>();
            var kind = document["kind"]!.GetValue<string>();
            // Our own kinds (the GatewayClass) by the model's types, built-in kinds by KubernetesClient's.
            var typeMap = ResourceKinds.Find(apiVersion, kind)?.Type is { } type
                ? new Dictionary<string, Type> { [$"{apiVersion}/{kind}"] = type }
                : null;
            var parsed = Assert.Single(KubernetesYaml.LoadAllFromString(document.ToJsonString(), typeMap));

            var metadata = Assert.IsAssignableFrom<IMetadata<V1ObjectMeta>>(parsed).Metadata;
            Assert.False(string.IsNullOrEmpty(metadata?.Name), $"{file}: {kind} has no name");
        }
    }

    [Fact]
    public void TheKustomizationListsEveryManifest()
    {
        var kustomization = Assert.Single(DeployManifests.Documents("kustomization.yaml"));
        var listed = kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal);

        var manifests = DeployManifests.Files().Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal);

        Assert.Equal(manifests, listed);
    }

    [Fact]
    public void TheGatewayClassNamesOurController()
    {
        var gatewayClass = Assert.Single(DeployManifests.Documents("gatewayclass.yaml"));

        Assert.Equal(ResourceKinds.GatewayApiVersion, gatewayClass["apiVersion"]!.GetValue<string>());
        Assert.Equal(ResourceKinds.ControllerName, gatewayClass["spec"]!["controllerName"]!.GetValue<string>());
    }
}
