using AzureGateway.Translation.Routes;
using k8s.Models;

namespace AzureGateway.Translation.Tests;

public sealed class LabelSelectorMatchTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["team"] = "a",
        ["env"] = "prod",
        ["kubernetes.io/metadata.name"] = "team-a",
    };

    [Fact]
    public void Match_labels_must_all_be_present_with_their_values()
    {
        Assert.True(LabelSelectorMatch.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a", ["env"] = "prod" } }, Labels));
        Assert.False(LabelSelectorMatch.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a", ["env"] = "dev" } }, Labels));
        Assert.False(LabelSelectorMatch.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["owner"] = "x" } }, Labels));
    }

    [Theory]
    [InlineData("env", "In", "prod,staging", true)]
    [InlineData("env", "In", "dev", false)]
    [InlineData("env", "NotIn", "dev", true)]
    [InlineData("env", "NotIn", "prod", false)]
    [InlineData("owner", "NotIn", "x", true)]
    [InlineData("team", "Exists", null, true)]
    [InlineData("owner", "Exists", null, false)]
    [InlineData("owner", "DoesNotExist", null, true)]
    [InlineData("team", "DoesNotExist", null, false)]
    public void Match_expressions_follow_kubernetes_semantics(string key, string op, string? values, bool expected)
    {
        var selector = Selector(new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = values?.Split(',') });

        Assert.Null(LabelSelectorMatch.Problem(selector));
        Assert.Equal(expected, LabelSelectorMatch.Matches(selector, Labels));
    }

    [Fact]
    public void Every_requirement_must_hold()
    {
        var selector = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["team"] = "a" },
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "In", Values = ["prod"] },
                new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "DoesNotExist" },
            ],
        };

        Assert.False(LabelSelectorMatch.Matches(selector, Labels));
    }

    [Fact]
    public void An_empty_selector_matches_every_namespace() =>
        Assert.True(LabelSelectorMatch.Matches(new V1LabelSelector(), Labels));

    [Theory]
    [InlineData("Matches", "prod")]
    [InlineData("In", null)]
    [InlineData("Exists", "prod")]
    public void A_malformed_requirement_is_reported(string op, string? values)
    {
        var selector = Selector(new V1LabelSelectorRequirement { Key = "env", OperatorProperty = op, Values = values?.Split(',') });

        Assert.Contains("\"env\"", LabelSelectorMatch.Problem(selector));
    }

    private static V1LabelSelector Selector(V1LabelSelectorRequirement requirement) =>
        new() { MatchExpressions = [requirement] };
}
