using System.Text.Json.Nodes;
using AzureGateway.Functions.Events;
using AzureGateway.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AzureGateway.Functions.Tests;

/// <summary>host.json and the function.json files are what the Functions host reads; the app must serve what they name.</summary>
public sealed class FunctionDefinitionTests
{
    [Fact]
    public void The_app_root_defines_the_five_functions()
    {
        Assert.Equal(
            ["ClusterChanged", "KeyVaultCertificateEvents", "KeyVaultCertificateWebhook", "Reconcile", "ReconcileNow"],
            FunctionsFolder.Functions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_function_is_invoked_at_a_route_the_app_serves_with_its_methods()
    {
        await using var host = await FunctionsHost.StartAsync(new RecordingCertificateSync());
        var served = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Select(m => (Method: m, Path: e.RoutePattern.RawText)) ?? [])
            .ToHashSet();
        var routePrefix = FunctionsFolder.HostJson["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";

        foreach (var (name, function) in FunctionsFolder.Functions)
        {
            var trigger = Assert.Single(Bindings(function), b => b["direction"]?.GetValue<string>() == "in" && Type(b).EndsWith("Trigger", StringComparison.Ordinal));
            var invocations = Type(trigger) == "httpTrigger"
                ? trigger["methods"]!.AsArray().Select(m => (Method: m!.GetValue<string>().ToUpperInvariant(), Path: $"/{routePrefix}/{trigger["route"]!.GetValue<string>()}"))
                : [(Method: HttpMethods.Post, Path: $"/{name}")];
            foreach (var invocation in invocations)
            {
                Assert.True(served.Contains(invocation), $"{name}: the app does not serve {invocation.Method} {invocation.Path}");
            }
        }
    }

    [Fact]
    public void HTTP_functions_have_only_an_HTTP_trigger_and_HTTP_output_so_the_host_forwards_the_request_unchanged()
    {
        Assert.True(FunctionsFolder.HostJson["customHandler"]?["enableForwardingHttpRequest"]?.GetValue<bool>());
        foreach (var function in FunctionsFolder.Functions.Values.Where(f => Bindings(f).Any(b => Type(b) == "httpTrigger")))
        {
            Assert.Equal(["http", "httpTrigger"], Bindings(function).Select(Type).Order(StringComparer.Ordinal));
            Assert.Equal("function", Bindings(function).Single(b => Type(b) == "httpTrigger")["authLevel"]?.GetValue<string>());
        }
    }

    [Fact]
    public void The_Event_Grid_trigger_is_bound_under_the_name_the_app_reads_from_the_envelope()
    {
        var trigger = Assert.Single(Bindings(FunctionsFolder.Functions["KeyVaultCertificateEvents"]));
        Assert.Equal("eventGridTrigger", Type(trigger));
        Assert.Equal(KeyVaultEventEndpoints.TriggerBinding, trigger["name"]?.GetValue<string>());
    }

    [Fact]
    public void The_reconcile_timer_runs_every_15_minutes()
    {
        var trigger = Assert.Single(Bindings(FunctionsFolder.Functions["Reconcile"]));
        Assert.Equal("timerTrigger", Type(trigger));
        Assert.Equal("0 */15 * * * *", trigger["schedule"]?.GetValue<string>());
    }

    [Fact]
    public void The_host_starts_the_app_by_its_assembly_name_and_is_configured_only_in_the_functions_folder()
    {
        var executable = FunctionsFolder.HostJson["customHandler"]?["description"]?["defaultExecutablePath"]?.GetValue<string>();
        Assert.Equal(typeof(FunctionsApp).Assembly.GetName().Name, Path.GetFileName(executable));
        Assert.Equal("2.0", FunctionsFolder.HostJson["version"]?.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(FunctionsFolder.RepositoryRoot, "host.json")));
    }

    private static IEnumerable<JsonObject> Bindings(JsonObject function) => function["bindings"]!.AsArray().Select(b => b!.AsObject());

    private static string Type(JsonObject binding) => binding["type"]!.GetValue<string>();
}
