using AzureGateway.Kubernetes;
using k8s.Models;

namespace AzureGateway.Deploy.Tests;

public sealed class RbacTests
{
    private static readonly IReadOnlyList<object> Rbac = DeployManifests.Typed("rbac.yaml");
    private static readonly V1ClusterRole ClusterRole = Assert.Single(Rbac.OfType<V1ClusterRole>());
    private static readonly V1Role Role = Assert.Single(Rbac.OfType<V1Role>());
    private static readonly V1Deployment Deployment = DeployManifests.Single<V1Deployment>("deployment.yaml");

    /// <summary>What the code calls (<see cref="KubernetesAccess.Rules"/>) as "group/resource verb" lines.</summary>
    private static readonly SortedSet<string> Called = new(
        from rule in KubernetesAccess.Rules
        from verb in rule.Verbs
        select $"{rule.Group}/{rule.Resource} {verb}",
        StringComparer.Ordinal);

    [Fact]
    public void TheRolesGrantExactlyWhatTheCodeCalls()
    {
        var granted = Grants(ClusterRole.Rules);
        granted.UnionWith(Grants(Role.Rules));

        Assert.Equal(Called, granted);
    }

    [Fact]
    public void EveryKindTheCrdsServeIsWatched()
    {
        foreach (var resource in CrdResources())
        {
            Assert.Contains($"{resource} list", Called);
            Assert.Contains($"{resource} watch", Called);
        }
    }

    [Fact]
    public void LeaderElectionLeasesAreGrantedOnlyInTheGatewayNamespace()
    {
        Assert.Equal(Deployment.Metadata.NamespaceProperty, Role.Metadata.NamespaceProperty);
        Assert.All(Grants(Role.Rules), grant => Assert.StartsWith("coordination.k8s.io/leases ", grant, StringComparison.Ordinal));
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

    /// <summary>Each CRD's group/plural.</summary>
    private static IEnumerable<string> CrdResources() =>
        DeployManifests.Files().Where(f => f.StartsWith("crds/", StringComparison.Ordinal)).Select(crd =>
        {
            var definition = DeployManifests.Single<V1CustomResourceDefinition>(crd);
            return $"{definition.Spec.Group}/{definition.Spec.Names.Plural}";
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
