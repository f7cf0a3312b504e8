using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AzureGateway.Functions.Hosting;
using static AzureGateway.Functions.Tests.KeyVaultEvents;

namespace AzureGateway.Functions.Tests;

public sealed class ReconcileTests
{
    [Theory]
    [InlineData(FunctionRoutes.ReconcileNow)]
    [InlineData(FunctionRoutes.ClusterChanged)]
    public async Task An_HTTP_call_reconciles_every_binding_and_answers_with_the_report(string path)
    {
        var sync = new RecordingCertificateSync();
        await using var host = await FunctionsHost.StartAsync(sync);

        using var response = await host.PostAsync(path, new JsonObject { ["kind"] = "Secret", ["namespace"] = "default", ["name"] = "client" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["reconcile"], sync.Calls);
        var report = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, report?["updated"]?.GetValue<int>());
        Assert.Equal(1, report?["unchanged"]?.GetValue<int>());
        Assert.Single(report?["problems"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task The_timer_reconciles_every_binding_and_answers_the_host_with_its_logs()
    {
        var sync = new RecordingCertificateSync();
        await using var host = await FunctionsHost.StartAsync(sync);
        var timer = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject { ["Last"] = "2026-11-23T05:45:00Z", ["Next"] = "2026-11-23T06:00:00Z" },
            ["IsPastDue"] = false,
        };

        using var response = await host.PostAsync(FunctionRoutes.Reconcile, Invocation("Reconcile", "timer", timer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["reconcile"], sync.Calls);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        var logs = answer?["Logs"]?.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(["reconciled: 2 updated, 1 unchanged, 1 problem(s)", "default/orphan: the Secret is bound to a certificate that does not exist"], logs);
    }

    [Fact]
    public async Task A_failing_reconcile_answers_500_without_the_failure()
    {
        var sync = new RecordingCertificateSync { Failure = new HttpRequestException("connection refused to 10.0.0.1:443") };
        await using var host = await FunctionsHost.StartAsync(sync);

        using var response = await host.PostAsync(FunctionRoutes.ReconcileNow, new JsonObject());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("10.0.0.1", await response.Content.ReadAsStringAsync());
    }
}
