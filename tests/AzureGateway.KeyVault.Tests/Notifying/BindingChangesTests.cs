using AzureGateway.KeyVault.Notifying;
using AzureGateway.Model;
using k8s.Models;

namespace AzureGateway.KeyVault.Tests.Notifying;

public sealed class BindingChangesTests
{
    private const string Id = "https://vault.vault.azure.net/certificates/site";
    private const string OtherId = "https://vault.vault.azure.net/certificates/other";

    [Fact]
    public void At_start_every_bound_object_without_a_written_record_is_named()
    {
        var snapshot = Snapshot(Secret("filled", Id, written: true), Secret("empty", Id), Secret("unbound", null), CaBundle("bundle", Id));

        Assert.Equal(["ConfigMap web/bundle", "Secret web/empty"], Names(BindingChanges.Between(null, snapshot)));
    }

    [Fact]
    public void New_rebound_and_record_lost_objects_are_named_and_nothing_else()
    {
        var before = Snapshot(Secret("same", Id, written: true), Secret("rebound", Id, written: true), Secret("cleared", Id, written: true),
            Secret("still-empty", Id));
        var after = Snapshot(Secret("same", Id, written: true), Secret("rebound", OtherId, written: true), Secret("cleared", Id),
            Secret("still-empty", Id), Secret("new", Id));

        Assert.Equal(["Secret web/cleared", "Secret web/new", "Secret web/rebound"], Names(BindingChanges.Between(before, after)));
        Assert.Empty(BindingChanges.Between(after, after));
    }

    private static string[] Names(IEnumerable<Bindings.BoundObject> objects) => [.. objects.Select(o => o.ToString())];

    private static ResourceSnapshot Snapshot(params k8s.IKubernetesObject<V1ObjectMeta>[] objects) => ResourceSnapshot.From(objects);

    private static V1Secret Secret(string name, string? binding, bool written = false) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "web", Annotations = Annotations(KeyVaultAnnotations.Certificate, binding, written) },
    };

    private static V1ConfigMap CaBundle(string name, string binding) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "web", Annotations = Annotations(KeyVaultAnnotations.CaCertificates, binding, false) },
    };

    private static Dictionary<string, string> Annotations(string annotation, string? binding, bool written)
    {
        var annotations = new Dictionary<string, string>();
        if (binding is not null)
        {
            annotations[annotation] = binding;
        }
        if (written)
        {
            annotations[KeyVaultAnnotations.Version] = "site/0123";
        }
        return annotations;
    }
}
