using System.Text.Json.Nodes;
using AzureGateway.KeyVault;
using AzureGateway.KeyVault.Bindings;
using AzureGateway.KeyVault.Notifying;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Functions.Tests;

public sealed class ClusterChangedTests
{
    private const string Gateway = "0b7c2c5e-9a55-4d9e-8f0e-1f0d6f1b2a3c";
    private static readonly Dictionary<string, string?> Allowed = new() { ["ClusterChanged:AllowedClientId"] = Gateway };

    private static string Notice(params (string Kind, string Namespace, string Name)[] objects) =>
        new JsonObject
        {
            ["objects"] = new JsonArray([.. objects.Select(o => (JsonNode)new JsonObject { ["kind"] = o.Kind, ["namespace"] = o.Namespace, ["name"] = o.Name })]),
        }.ToJsonString();

    [Theory]
    [InlineData("appid")]
    [InlineData("azp")]
    public async Task A_notice_from_the_gateway_fills_just_the_named_objects_and_answers_with_their_report(string claim)
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, settings: Allowed);
        var notice = new JsonObject
        {
            ["objects"] = new JsonArray(
                new JsonObject { ["kind"] = "Secret", ["namespace"] = "web", ["name"] = "site-tls" },
                new JsonObject { ["kind"] = "ConfigMap", ["namespace"] = "web", ["name"] = "client-ca" }),
        }.ToJsonString();

        var request = await functions.ClusterChangedAsync(notice, caller: null, principal: FunctionsInProcess.PrincipalHeader(Gateway.ToUpperInvariant(), claim));

        Assert.Equal(200, request.StatusCode);
        Assert.Equal(["objects changed Secret web/site-tls, ConfigMap web/client-ca"], sync.Calls);
        Assert.Equal(2, request.Body?["updated"]?.GetValue<int>());
        Assert.Contains(functions.Logs.GetSnapshot(), r => r.Level == LogLevel.Information
            && r.Message == "Filled 2 object(s) named by a cluster change notice: 2 updated, 1 unchanged, 1 problem(s)");
        Assert.Contains(functions.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning
            && r.Message == "Filling objects named by a cluster change notice: default/orphan: the Secret is bound to a certificate that does not exist");
    }

    [Fact]
    public async Task Without_a_principal_the_call_is_refused_with_401_and_nothing_is_read()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, settings: Allowed);

        var answer = await functions.ClusterChangedAsync(Notice(("Secret", "web", "site")), caller: null);

        Assert.Equal(401, answer.StatusCode);
        Assert.Equal("Bearer", answer.Headers.WWWAuthenticate.ToString());
        Assert.Equal("the call carries no Entra token that App Service authentication accepted", answer.Body?["error"]?.GetValue<string>());
        Assert.Empty(sync.Calls);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("eyJjbGFpbXMiOltdfQ==")] // {"claims":[]}: a principal without an application
    public async Task A_principal_header_that_names_no_application_is_no_principal(string header)
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, settings: Allowed);

        var answer = await functions.ClusterChangedAsync(Notice(("Secret", "web", "site")), caller: null, principal: header);

        Assert.Equal(401, answer.StatusCode);
        Assert.Empty(sync.Calls);
    }

    [Fact]
    public async Task Another_application_is_refused_with_403()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, settings: Allowed);

        var answer = await functions.ClusterChangedAsync(Notice(("Secret", "web", "site")), caller: "11111111-2222-3333-4444-555555555555");

        Assert.Equal(403, answer.StatusCode);
        Assert.Equal("application 11111111-2222-3333-4444-555555555555 may not send cluster change notices", answer.Body?["error"]?.GetValue<string>());
        Assert.Empty(sync.Calls);
    }

    [Fact]
    public async Task Where_no_application_is_allowed_every_notice_is_refused_even_with_a_principal()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);

        var answer = await functions.ClusterChangedAsync(Notice(("Secret", "web", "site")), caller: Gateway);

        Assert.Equal(403, answer.StatusCode);
        Assert.StartsWith("cluster change notices are not enabled: ClusterChanged__AllowedClientId is not set", answer.Body?["error"]?.GetValue<string>());
        Assert.Empty(sync.Calls);
    }

    [Theory]
    [InlineData("not json", "the body is not a cluster change notice:")]
    [InlineData("null", "the body has no \"objects\" list")]
    [InlineData("{}", "the body has no \"objects\" list")]
    [InlineData("""{"objects":[null]}""", "objects[0]: null is not an object")]
    [InlineData("""{"objects":[{"kind":"Pod","namespace":"web","name":"a"}]}""", "objects[0]: kind \"Pod\" is not Secret or ConfigMap")]
    [InlineData("""{"objects":[{"kind":"Secret","namespace":"Web","name":"a"}]}""", "objects[0]: namespace \"Web\" is not a Kubernetes namespace name")]
    [InlineData("""{"objects":[{"kind":"Secret","namespace":"web","name":"../../nodes/x"}]}""", "objects[0]: name \"../../nodes/x\" is not a Kubernetes object name")]
    [InlineData("""{"objects":[{"kind":"Secret","namespace":"web"}]}""", "objects[0]: name \"\" is not a Kubernetes object name")]
    public async Task A_body_that_is_not_a_notice_is_answered_400_with_the_reason_and_nothing_is_read(string body, string reason)
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, settings: Allowed);

        var answer = await functions.ClusterChangedAsync(body, caller: Gateway);

        Assert.Equal(400, answer.StatusCode);
        Assert.StartsWith(reason, answer.Body?["error"]?.GetValue<string>());
        Assert.Empty(sync.Calls);
    }

    [Fact]
    public async Task A_notice_naming_more_objects_than_allowed_is_refused_and_the_most_allowed_are_filled()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, settings: Allowed);
        var most = Enumerable.Range(0, ClusterChange.MaxObjects).Select(i => ("Secret", "web", $"s{i}")).ToArray();

        var refused = await functions.ClusterChangedAsync(Notice([.. most, ("Secret", "web", "one-more")]), caller: Gateway);
        var filled = await functions.ClusterChangedAsync(Notice(most), caller: Gateway);

        Assert.Equal(400, refused.StatusCode);
        Assert.Equal($"the notice names {ClusterChange.MaxObjects + 1} objects, more than {ClusterChange.MaxObjects}", refused.Body?["error"]?.GetValue<string>());
        Assert.Equal(200, filled.StatusCode);
        Assert.Single(sync.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_answered_413_declared_or_not(bool declareLength)
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, settings: new Dictionary<string, string?>(Allowed) { ["Webhook:MaxBodyBytes"] = "100" });

        var answer = await functions.ClusterChangedAsync(Notice(("Secret", "web", new string('a', 120))), caller: Gateway, declareLength: declareLength);

        Assert.Equal(413, answer.StatusCode);
        Assert.Empty(sync.Calls);
    }

    [Fact]
    public async Task A_failing_sync_fails_the_invocation_so_the_gateway_sends_again()
    {
        var failure = new HttpRequestException("connection refused to 10.0.0.1:443");
        await using var functions = FunctionsInProcess.Start(new RecordingCertificateSync { Failure = failure }, settings: Allowed);

        Assert.Same(failure, await Assert.ThrowsAsync<HttpRequestException>(() => functions.ClusterChangedAsync(Notice(("Secret", "web", "site")), caller: Gateway)));
    }

    [Fact]
    public void The_gateway_s_notice_reads_back_as_the_objects_it_names()
    {
        var sent = ClusterChange.Of([BoundObject.At(ObjectKind.Secret, "web", "site"), BoundObject.At(ObjectKind.ConfigMap, "infra", "ca.v2")]);

        Assert.True(ClusterChange.TryRead(BinaryData.FromObjectAsJson(sent, ClusterChangeJson.Default.Options), out var read, out var problem), problem);
        Assert.Equal(["Secret web/site", "ConfigMap infra/ca.v2"], read.Select(o => o.ToString()));
    }
}
