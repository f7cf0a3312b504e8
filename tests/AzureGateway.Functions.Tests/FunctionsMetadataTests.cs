using System.Text.Json.Nodes;
using AzureGateway.Functions.Cluster;
using AzureGateway.Functions.Events;
using AzureGateway.Functions.Reconcile;

namespace AzureGateway.Functions.Tests;

/// <summary>
/// The SDK generates functions.metadata from the [Function] methods; it is what the Functions host indexes (triggers,
/// routes, auth levels, schedules), so it is asserted here as the function.json files used to be.
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void The_app_defines_the_five_functions_for_the_isolated_worker()
    {
        Assert.Equal(
            ["ClusterChanged", "KeyVaultCertificateEvents", "KeyVaultCertificateWebhook", "Reconcile", "ReconcileNow"],
            FunctionsOutput.Functions.Keys.Order(StringComparer.Ordinal));
        Assert.All(FunctionsOutput.Functions.Values, f => Assert.Equal("dotnet-isolated", f["language"]?.GetValue<string>()));
        Assert.Equal("dotnet-isolated", FunctionsOutput.Read("worker.config.json")["description"]?["language"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("KeyVaultCertificateWebhook", KeyVaultCertificateWebhook.Route, "post,options")]
    [InlineData("ReconcileNow", ReconcileFunctions.ReconcileNowRoute, "post")]
    [InlineData("ClusterChanged", ClusterChangedFunction.Route, "post")]
    public void Each_HTTP_function_has_its_route_and_methods(string name, string route, string methods)
    {
        var trigger = Trigger(FunctionsOutput.Functions[name]);
        Assert.Equal("httpTrigger", Type(trigger));
        Assert.Equal(route, trigger["route"]?.GetValue<string>());
        Assert.Equal(methods.Split(','), trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToLowerInvariant()));
    }

    [Fact]
    public void Every_HTTP_function_needs_a_function_key_but_cluster_notices_which_App_Service_authentication_guards()
    {
        Assert.Equal(3, FunctionsOutput.Functions.Values.Count(f => Type(Trigger(f)) == "httpTrigger"));
        // ClusterChanged takes an Entra token instead of a key; ClusterChangedTests shows it refuses calls without one.
        Assert.Equal(["ClusterChanged"], FunctionsOutput.Functions.SelectMany(f => UnauthenticatedHttpTriggers(f.Key, f.Value)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Anonymous")]
    public void An_HTTP_trigger_without_an_auth_level_or_anonymous_is_found(string? authLevel)
    {
        var trigger = new JsonObject { ["type"] = "httpTrigger", ["direction"] = "In", ["route"] = "reconcile" };
        if (authLevel is not null)
        {
            trigger["authLevel"] = authLevel;
        }
        var function = new JsonObject { ["bindings"] = new JsonArray(trigger) };

        Assert.Equal(["ReconcileNow"], UnauthenticatedHttpTriggers("ReconcileNow", function));
    }

    [Fact]
    public void The_Event_Grid_trigger_is_bound_by_the_host_extension_and_hands_over_the_event_as_text()
    {
        var trigger = Trigger(FunctionsOutput.Functions["KeyVaultCertificateEvents"]);
        Assert.Equal("eventGridTrigger", Type(trigger));
        Assert.Equal("String", trigger["dataType"]?.GetValue<string>());
        // The SDK's WorkerExtensions build installs the host-side Event Grid extension our attribute names.
        Assert.True(File.Exists(Path.Combine(FunctionsOutput.Path, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.EventGrid.dll")));
    }

    [Fact]
    public void The_reconcile_timer_runs_every_15_minutes()
    {
        var trigger = Trigger(FunctionsOutput.Functions["Reconcile"]);
        Assert.Equal("timerTrigger", Type(trigger));
        Assert.Equal("0 */15 * * * *", trigger["schedule"]?.GetValue<string>());
    }

    [Fact]
    public void Host_json_configures_the_worker_and_no_custom_handler()
    {
        var host = FunctionsOutput.Read("host.json");
        Assert.Equal("2.0", host["version"]?.GetValue<string>());
        Assert.Equal("OpenTelemetry", host["telemetryMode"]?.GetValue<string>());
        Assert.Equal("api", host["extensions"]?["http"]?["routePrefix"]?.GetValue<string>());
        Assert.Null(host["customHandler"]);
    }

    /// <summary>The HTTP triggers of <paramref name="function"/> that anyone could call: no auth level, or anonymous.</summary>
    private static IEnumerable<string> UnauthenticatedHttpTriggers(string name, JsonObject function) =>
        Bindings(function)
            .Where(b => Type(b) == "httpTrigger")
            .Where(b => b["authLevel"]?.GetValue<string>() is not ("Function" or "Admin"))
            .Select(_ => name);

    private static JsonObject Trigger(JsonObject function) =>
        Assert.Single(Bindings(function), b => b["direction"]?.GetValue<string>() == "In" && Type(b).EndsWith("Trigger", StringComparison.Ordinal));

    private static IEnumerable<JsonObject> Bindings(JsonObject function) => function["bindings"]!.AsArray().Select(b => b!.AsObject());

    private static string Type(JsonObject binding) => binding["type"]!.GetValue<string>();
}
