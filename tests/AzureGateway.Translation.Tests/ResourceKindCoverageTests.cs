using AzureGateway.Model;
using k8s;
using k8s.Models;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// Every kind of the one list (<see cref="ResourceKinds.All"/>) is read by the translator and seen by its change
/// detection. A kind added to the list without a use, or without a golden case that shows it, fails here.
/// </summary>
public sealed class ResourceKindCoverageTests
{
    /// <summary>Each kind by its collection's name (<c>plural.group</c>), which is unique in the list.</summary>
    public static IEnumerable<object[]> Kinds() => ResourceKinds.All.Select(k => new object[] { k.ToString() });

    private static ResourceKind Kind(string collection) => ResourceKinds.All.Single(k => k.ToString() == collection);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Some_golden_case_translates_differently_without_the_objects_of_each_kind(string collection)
    {
        var kind = Kind(collection);
        var cases = GoldenFiles.Cases().Select(c => (string)c[0])
            .Select(name => GoldenFiles.Snapshot(name + ".in.yaml", GoldenFiles.ReadInput(name)))
            .Where(snapshot => kind.In(snapshot).Count > 0)
            .ToList();
        Assert.True(cases.Count > 0, $"no golden case holds a {kind.Kind} of {kind.ApiVersion}");

        var changes = cases.Any(snapshot =>
            GoldenFiles.Render(GoldenFiles.Translate(snapshot)) != GoldenFiles.Render(GoldenFiles.Translate(kind.With(snapshot, []))));

        Assert.True(changes, $"removing every {kind} changes no golden case's translation: the translator does not read it");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_new_object_of_any_kind_takes_the_full_translation(string collection)
    {
        var kind = Kind(collection);
        var name = "alb-scenario-agc-backend-mtls";
        var original = GoldenFiles.Snapshot(name + ".in.yaml", GoldenFiles.ReadInput(name));
        var translator = new GatewayTranslator(GoldenFiles.Options);
        var before = translator.Translate(original);
        var added = (IKubernetesObject<V1ObjectMeta>)Activator.CreateInstance(kind.Type)!;
        added.ApiVersion = kind.ApiVersion;
        added.Kind = kind.Kind;
        added.Metadata = new V1ObjectMeta { Name = "added", NamespaceProperty = kind.Namespaced ? "unrelated" : null };

        var after = translator.Translate(kind.With(original, [.. kind.In(original), added]));

        Assert.False(before.Statuses == after.Statuses, $"a new {kind} took the short way of a certificate rotation");
    }
}
