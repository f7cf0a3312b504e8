using AzureGateway.Model;
using k8s.Models;

namespace AzureGateway.Deploy.Tests;

public sealed class RbacTests
{
    private static readonly IReadOnlyList<object> Rbac = DeployManifests.Typed("rbac.yaml");
    private static readonly V1ClusterRole ClusterRole = Assert.Single(Rbac.OfType<V1ClusterRole>());
    private static readonly V1Role Role = Assert.Single(Rbac.OfType<V1Role>());
    private static readonly V1Deployment Deployment = DeployManifests.Single<V1Deployment>("deployment.yaml");

    /// <summary>Every input of the gateway besides the CRDs' kinds, as group/resource.</summary>
    private static readonly string[] StandardInputs =
    [
        "/namespaces", "/secrets", "/configmaps", "/services",
        "discovery.k8s.io/endpointslices",
        "gateway.networking.k8s.io/gatewayclasses", "gateway.networking.k8s.io/gateways",
        "gateway.networking.k8s.io/httproutes", "gateway.networking.k8s.io/backendtlspolicies",
        "gateway.networking.k8s.io/referencegrants",
    ];

    /// <summary>The Gateway API kinds that get a status from the gateway.</summary>
    private static readonly string[] StandardStatuses =
    [
        "gateway.networking.k8s.io/gatewayclasses", "gateway.networking.k8s.io/gateways",
        "gateway.networking.k8s.io/httproutes", "gateway.networking.k8s.io/backendtlspolicies",
    ];

    [Fact]
    public void TheClusterRoleGrantsExactlyListWatchOnInputsStatusWritesAndTheServiceAddress()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var input in StandardInputs.Concat(CrdResources().Select(r => r.Resource)))
        {
            expected.Add($"{input} list");
            expected.Add($"{input} watch");
        }
        foreach (var status in StandardStatuses.Concat(CrdResources().Where(r => r.HasStatus).Select(r => r.Resource)))
        {
            expected.UnionWith(new[] { "get", "patch", "update" }.Select(verb => $"{status}/status {verb}"));
        }
        expected.Add("/services get");

        Assert.Equal(expected, Grants(ClusterRole.Rules));
    }

    [Fact]
    public void LeaderElectionLeasesAreGrantedOnlyInTheGatewayNamespace()
    {
        Assert.Equal(Deployment.Metadata.NamespaceProperty, Role.Metadata.NamespaceProperty);
        Assert.Equal(["coordination.k8s.io/leases create", "coordination.k8s.io/leases get", "coordination.k8s.io/leases update"], Grants(Role.Rules));
        Assert.DoesNotContain(Grants(ClusterRole.Rules), grant => grant.StartsWith("coordination.k8s.io/", StringComparison.Ordinal));
    }

    [Fact]
    public void BothRolesAreBoundToTheGatewayServiceAccount()
    {
        var subject = $"{Deployment.Metadata.NamespaceProperty}/{Deployment.Spec.Template.Spec.ServiceAccountName}";
        var clusterBinding = Assert.Single(Rbac.OfType<V1ClusterRoleBinding>());
        var binding = Assert.Single(Rbac.OfType<V1RoleBinding>());

        Assert.Equal(ClusterRole.Metadata.Name, clusterBinding.RoleRef.Name);
        Assert.Equal([subject], clusterBinding.Subjects.Select(s => $"{s.NamespaceProperty}/{s.Name}"));
        Assert.Equal(Role.Metadata.Name, binding.RoleRef.Name);
        Assert.Equal([subject], binding.Subjects.Select(s => $"{s.NamespaceProperty}/{s.Name}"));
    }

    /// <summary>Each CRD's group/plural, and whether the model gives its kind a status the gateway writes.</summary>
    private static IEnumerable<(string Resource, bool HasStatus)> CrdResources() =>
        DeployManifests.Files().Where(f => f.StartsWith("crds/", StringComparison.Ordinal)).Select(crd =>
        {
            var definition = DeployManifests.Single<V1CustomResourceDefinition>(crd);
            var version = definition.Spec.Versions.Single(v => v.Storage);
            var type = ResourceKinds.Find($"{definition.Spec.Group}/{version.Name}", definition.Spec.Names.Kind)!;
            return ($"{definition.Spec.Group}/{definition.Spec.Names.Plural}", type.GetProperty("Status") is not null);
        });

    /// <summary>The rules as "group/resource verb" lines; a wildcard shows as itself, so it never matches.</summary>
    private static SortedSet<string> Grants(IEnumerable<V1PolicyRule> rules) => new(
        from rule in rules
        from apiGroup in rule.ApiGroups
        from resource in rule.Resources
        from verb in rule.Verbs
        select $"{apiGroup}/{resource} {verb}",
        StringComparer.Ordinal);
}
