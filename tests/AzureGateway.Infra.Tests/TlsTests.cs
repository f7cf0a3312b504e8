using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

[Collection(CompiledBicepCollection.Name)]
public sealed class TlsTests(CompiledBicep bicep)
{
    [Fact]
    public void Tls_1_2_is_the_minimum_wherever_it_is_a_setting()
    {
        Assert.All(bicep.Templates, pair => Assert.Empty(TemplateRules.Tls(pair.Value)));
    }

    [Fact]
    public void The_storage_account_and_the_function_app_set_their_minimum()
    {
        var storage = Single(bicep.Template("bicep/storage.bicep"), "Microsoft.Storage/storageAccounts");
        var app = Single(bicep.Template("bicep/functionapp.bicep"), "Microsoft.Web/sites");

        Assert.Equal("TLS1_2", storage["properties"]!["minimumTlsVersion"]!.ToString());
        Assert.Equal("1.2", app["properties"]!["siteConfig"]!["minTlsVersion"]!.ToString());
    }

    [Fact]
    public void A_storage_account_without_a_minimum_is_reported()
    {
        var violations = TemplateRules.Tls(Template(new JsonObject
        {
            ["type"] = "Microsoft.Storage/storageAccounts",
            ["name"] = "probe",
            ["properties"] = new JsonObject(),
        }));

        Assert.Contains("minimumTlsVersion is not set", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TLS1_0")]
    [InlineData("TLS1_1")]
    public void A_storage_account_allowing_old_tls_is_reported(string version)
    {
        var violations = TemplateRules.Tls(Template(new JsonObject
        {
            ["type"] = "Microsoft.Storage/storageAccounts",
            ["name"] = "probe",
            ["properties"] = new JsonObject { ["minimumTlsVersion"] = version },
        }));

        Assert.Contains(violations, v => v.Contains($"is {version}, below TLS 1.2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_web_app_with_tls_1_0_or_plain_http_is_reported()
    {
        var violations = TemplateRules.Tls(Template(new JsonObject
        {
            ["type"] = "Microsoft.Web/sites",
            ["name"] = "probe",
            ["properties"] = new JsonObject
            {
                ["httpsOnly"] = false,
                ["siteConfig"] = new JsonObject { ["minTlsVersion"] = "1.0", ["scmMinTlsVersion"] = "1.2" },
            },
        }));

        Assert.Contains(violations, v => v.Contains("siteConfig.minTlsVersion is 1.0, expected 1.2", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("httpsOnly is not true", StringComparison.Ordinal));
    }

    [Fact]
    public void An_old_tls_version_on_any_other_resource_is_reported()
    {
        var violations = TemplateRules.Tls(Template(new JsonObject
        {
            ["type"] = "Microsoft.Cache/redis",
            ["name"] = "probe",
            ["properties"] = new JsonObject { ["minimumTlsVersion"] = "1.1" },
        }));

        Assert.Contains("properties.minimumTlsVersion is 1.1, below TLS 1.2", Assert.Single(violations), StringComparison.Ordinal);
    }

    private static JsonObject Single(JsonObject template, string type) =>
        Assert.Single(ArmTemplate.Resources(template), r => ArmTemplate.Type(r.Resource) == type).Resource;

    private static JsonObject Template(JsonObject resource) => new() { ["resources"] = new JsonArray(resource) };
}
