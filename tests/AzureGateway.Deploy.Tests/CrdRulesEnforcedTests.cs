using System.Globalization;
using System.Text.Json.Nodes;
using AzureGateway.Model;
using AzureGateway.Model.Validation;
using k8s;
using k8s.Models;

namespace AzureGateway.Deploy.Tests;

/// <summary>
/// Every <c>maxItems</c>, <c>maxLength</c>, enum, <c>minimum</c> and <c>maximum</c> our CRDs declare under
/// <c>spec</c> is enforced by <see cref="SchemaLimits"/>, so a folder and a cluster whose CRDs are older refuse
/// what an up-to-date cluster would: for each, an object breaking only that rule is refused, naming that field.
/// </summary>
public sealed class CrdRulesEnforcedTests
{
    /// <summary>
    /// Rules on fields the model reads as any value without looking inside (the status says they have no effect),
    /// so no check of ours can see them; the API server still applies them in a cluster.
    /// </summary>
    private static readonly string[] NotReadByTheGateway =
    [
        "ClientTrafficPolicy spec.targetSelectors[0].group maxLength",
        "ClientTrafficPolicy spec.targetSelectors[0].kind maxLength",
        "ClientTrafficPolicy spec.headers.withUnderscoresAction enum",
        "ClientTrafficPolicy spec.headers.requestID enum",
    ];

    public static TheoryData<string> Rules()
    {
        var rules = new TheoryData<string>();
        foreach (var rule in AllRules().Where(r => !NotReadByTheGateway.Contains(r.Name)))
        {
            rules.Add(rule.Name);
        }
        return rules;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void AnObjectBreakingOnlyThisRuleIsRefusedNamingItsField(string name)
    {
        var rule = AllRules().Single(r => r.Name == name);
        var document = new JsonObject
        {
            ["apiVersion"] = rule.ApiVersion,
            ["kind"] = rule.Kind,
            ["metadata"] = new JsonObject { ["name"] = "breaks", ["namespace"] = "default" },
            ["spec"] = Nest(rule.Path.Skip(1).ToList(), rule.Violation),
        };
        var type = ResourceKinds.Find(rule.ApiVersion, rule.Kind)!.Type;
        var resource = (IKubernetesObject<V1ObjectMeta>)KubernetesYaml.LoadAllFromString(
            document.ToJsonString(), new Dictionary<string, Type> { [$"{rule.ApiVersion}/{rule.Kind}"] = type }).Single();

        var violation = SchemaLimits.Check(resource);

        Assert.True(violation is not null, $"{name} is not enforced");
        Assert.Equal(rule.Field, violation.Field);
    }

    [Fact]
    public void EveryRuleNotEnforcedIsOneOurCrdsDeclare()
    {
        var names = AllRules().Select(r => r.Name).ToHashSet();

        Assert.All(NotReadByTheGateway, n => Assert.Contains(n, names));
    }

    [Fact]
    public void TheObjectsWeDeployKeepTheRulesOfTheirCrds()
    {
        var objects = DeployManifests.Files()
            .Where(f => !f.StartsWith("crds/", StringComparison.Ordinal))
            .SelectMany(f => DeployManifests.Documents(f).Select(d => (File: f, Document: d)))
            .Select(o => (o.File, Kind: ResourceKinds.Find(o.Document["apiVersion"]!.GetValue<string>(), o.Document["kind"]!.GetValue<string>()), o.Document))
            .Where(o => o.Kind is not null)
            .ToList();
        Assert.Contains(objects, o => o.Kind == ResourceKinds.GatewayClasses);

        Assert.All(objects, o =>
        {
            var resource = (IKubernetesObject<V1ObjectMeta>)KubernetesYaml.LoadAllFromString(
                o.Document.ToJsonString(), new Dictionary<string, Type> { [$"{o.Kind!.ApiVersion}/{o.Kind.Kind}"] = o.Kind.Type }).Single();
            Assert.True(SchemaLimits.Refusal(resource) is null, $"{o.File}: {SchemaLimits.Refusal(resource)}");
        });
    }

    private sealed record CrdRule(string ApiVersion, string Kind, IReadOnlyList<string> Path, string Constraint, JsonNode Violation)
    {
        /// <summary>The field as a refusal names it: list items as [0].</summary>
        public string Field => string.Concat(Path.Select((p, i) => p == "[]" ? "[0]" : i == 0 ? p : "." + p));

        public string Name => $"{Kind} {Field} {Constraint}";
    }

    private static List<CrdRule> AllRules()
    {
        var rules = new List<CrdRule>();
        foreach (var crd in DeployManifests.Files().Where(f => f.StartsWith("crds/", StringComparison.Ordinal)))
        {
            var definition = Assert.Single(DeployManifests.Documents(crd));
            var spec = definition["spec"]!;
            var group = spec["group"]!.GetValue<string>();
            var kind = spec["names"]!["kind"]!.GetValue<string>();
            foreach (var version in spec["versions"]!.AsArray())
            {
                var apiVersion = $"{group}/{version!["name"]!.GetValue<string>()}";
                var specSchema = version["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject();
                Collect(specSchema, ["spec"], (path, constraint, violation) => rules.Add(new CrdRule(apiVersion, kind, path, constraint, violation)));
            }
        }
        return rules;
    }

    private static void Collect(JsonObject schema, List<string> path, Action<List<string>, string, JsonNode> add)
    {
        if (Number(schema, "maxItems") is { } maxItems)
        {
            var item = schema["items"]!.AsObject();
            add(path, "maxItems", new JsonArray([.. Enumerable.Range(0, (int)maxItems + 1).Select(_ => Minimal(item))]));
        }
        if (Number(schema, "maxLength") is { } maxLength)
        {
            add(path, "maxLength", JsonValue.Create(new string('a', (int)maxLength + 1)));
        }
        if (schema["enum"] is JsonArray values)
        {
            add(path, "enum", JsonValue.Create("not-" + values[0]!.GetValue<string>()));
        }
        if (Number(schema, "minimum") is { } minimum)
        {
            add(path, "minimum", JsonValue.Create(minimum - 1));
        }
        if (Number(schema, "maximum") is { } maximum)
        {
            add(path, "maximum", JsonValue.Create(maximum + 1));
        }
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            Collect(property!.AsObject(), [.. path, name], add);
        }
        if (schema["items"] is JsonObject items)
        {
            Collect(items, [.. path, "[]"], add);
        }
    }

    /// <summary>Objects and one-item lists down <paramref name="path"/>, with <paramref name="leaf"/> at its end.</summary>
    private static JsonNode Nest(IReadOnlyList<string> path, JsonNode leaf)
    {
        var node = leaf.DeepClone();
        for (var i = path.Count - 1; i >= 0; i--)
        {
            node = path[i] == "[]" ? new JsonArray(node) : new JsonObject { [path[i]] = node };
        }
        return node;
    }

    private static JsonNode Minimal(JsonObject schema) => schema["type"]?.GetValue<string>() switch
    {
        "string" => JsonValue.Create("a"),
        "integer" => JsonValue.Create(1),
        _ => new JsonObject(),
    };

    private static long? Number(JsonObject schema, string key) =>
        schema[key] is { } value ? long.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture) : null;
}
