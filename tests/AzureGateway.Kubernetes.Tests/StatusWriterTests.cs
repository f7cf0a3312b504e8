using System.Text.Json.Nodes;
using AzureGateway.Kubernetes.Status;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation;
using AzureGateway.Translation.Status;
using Microsoft.Extensions.Logging.Abstractions;
using k8s.Models;

namespace AzureGateway.Kubernetes.Tests;

public sealed class StatusWriterTests
{
    private static readonly DateTimeOffset Earlier = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2025, 3, 1, 11, 0, 0, TimeSpan.Zero);

    private static StatusWriter Writer(TestApiServer server, StatusWriterOptions? options = null) =>
        new(server.Client(), options ?? new StatusWriterOptions(), NullLogger<StatusWriter>.Instance);

    private static ResourceStatus RouteAccepted(DateTimeOffset at, string message = "Route is accepted") => new(
        new ResourceRef(ResourceKinds.GatewayApiVersion, "HTTPRoute", "apps", "first", 1),
        new RouteStatus
        {
            Parents =
            [
                new RouteParentStatus
                {
                    ParentRef = new ParentReference { Name = "web" },
                    ControllerName = ResourceKinds.ControllerName,
                    Conditions = [new Condition { Type = "Accepted", Status = "True", Reason = "Accepted", Message = message, ObservedGeneration = 1, LastTransitionTime = at }],
                },
            ],
        });

    private static JsonArray Parents(TestApiServer server) =>
        server.Get(ResourceKinds.GatewayApiGroup, "httproutes", "apps", "first")!["status"]!["parents"]!.AsArray();

    private static int StatusPatches(TestApiServer server) =>
        server.Requests.Count(r => r is { Method: "PATCH", Subresource: "status" });

    [Fact]
    public async Task A_status_is_written_to_the_status_subresource_with_its_conditions()
    {
        await using var server = await TestApiServer.StartAsync();
        server.Apply(Manifests.Route("first"));

        var written = await Writer(server).WriteAsync([RouteAccepted(Earlier)], CancellationToken.None);

        Assert.Equal(1, written);
        var parent = Assert.Single(Parents(server))!;
        Assert.Equal(ResourceKinds.ControllerName, parent["controllerName"]!.GetValue<string>());
        Assert.Equal("web", parent["parentRef"]!["name"]!.GetValue<string>());
        var condition = parent["conditions"]![0]!;
        Assert.Equal("Accepted", condition["reason"]!.GetValue<string>());
        Assert.Equal(1, condition["observedGeneration"]!.GetValue<long>());
        Assert.Equal("2025-03-01T10:00:00Z", condition["lastTransitionTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_kind_whose_status_the_translator_computes_gets_it_written_to_its_own_collection()
    {
        await using var server = await TestApiServer.StartAsync();
        var kinds = ResourceKinds.All.Where(k => k.StatusWritten).ToList();
        var statuses = new List<ResourceStatus>();
        foreach (var kind in kinds)
        {
            var ns = kind.Namespaced ? "apps" : null;
            server.Apply(new JsonObject
            {
                ["apiVersion"] = kind.ApiVersion,
                ["kind"] = kind.Kind,
                ["metadata"] = new JsonObject { ["name"] = "one", ["namespace"] = ns },
            });
            statuses.Add(new ResourceStatus(new ResourceRef(kind.ApiVersion, kind.Kind, ns, "one", 1), new ConditionsStatus
            {
                Conditions = [new Condition { Type = "Accepted", Status = "True", Reason = kind.Plural, Message = "m", ObservedGeneration = 1, LastTransitionTime = Earlier }],
            }));
        }

        var written = await Writer(server).WriteAsync(statuses, CancellationToken.None);

        Assert.Equal(kinds.Count, written);
        Assert.All(kinds, kind => Assert.Equal(kind.Plural,
            server.Get(kind.Group, kind.Plural, kind.Namespaced ? "apps" : null, "one")?["status"]?["conditions"]?[0]?["reason"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_write_that_meets_a_conflict_is_read_again_and_retried()
    {
        await using var server = await TestApiServer.StartAsync();
        server.Apply(Manifests.Route("first"));
        server.ConflictOnNextStatusWrite(ResourceKinds.GatewayApiGroup, "httproutes", "apps", "first");

        var written = await Writer(server).WriteAsync([RouteAccepted(Earlier)], CancellationToken.None);

        Assert.Equal(1, written);
        Assert.Equal(2, StatusPatches(server));
        Assert.Single(Parents(server));
        // The other writer's change survived: the retry started from a fresh read.
        Assert.Equal("another-writer", server.Get(ResourceKinds.GatewayApiGroup, "httproutes", "apps", "first")!["metadata"]!["annotations"]!["touched-by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parents_written_by_other_controllers_are_kept()
    {
        await using var server = await TestApiServer.StartAsync();
        var route = Manifests.Route("first");
        route.Status = new RouteStatus
        {
            Parents =
            [
                new RouteParentStatus
                {
                    ParentRef = new ParentReference { Name = "other-gateway" },
                    ControllerName = "example.com/other-controller",
                    Conditions = [new Condition { Type = "Accepted", Status = "True", Reason = "Accepted", Message = "theirs" }],
                },
            ],
        };
        server.Apply(route);

        await Writer(server).WriteAsync([RouteAccepted(Earlier)], CancellationToken.None);

        Assert.Equal(
            ["example.com/other-controller", ResourceKinds.ControllerName],
            Parents(server).Select(p => p!["controllerName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Nothing_is_written_when_only_the_transition_time_would_change()
    {
        await using var server = await TestApiServer.StartAsync();
        server.Apply(Manifests.Route("first"));
        var writer = Writer(server);
        await writer.WriteAsync([RouteAccepted(Earlier)], CancellationToken.None);

        var again = await writer.WriteAsync([RouteAccepted(Later)], CancellationToken.None);

        Assert.Equal(0, again);
        Assert.Equal(1, StatusPatches(server));
    }

    [Fact]
    public async Task A_changed_condition_is_written_with_its_new_transition_time()
    {
        await using var server = await TestApiServer.StartAsync();
        server.Apply(Manifests.Route("first"));
        var writer = Writer(server);
        await writer.WriteAsync([RouteAccepted(Earlier)], CancellationToken.None);

        var again = await writer.WriteAsync([RouteAccepted(Later, "Route is accepted again")], CancellationToken.None);

        Assert.Equal(1, again);
        var condition = Parents(server)[0]!["conditions"]![0]!;
        Assert.Equal("Route is accepted again", condition["message"]!.GetValue<string>());
        Assert.Equal("2025-03-01T11:00:00Z", condition["lastTransitionTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_gateway_status_carries_the_load_balancer_address_of_the_data_plane_service()
    {
        await using var server = await TestApiServer.StartAsync();
        server.Apply(Manifests.Gateway());
        server.Apply(new V1Service
        {
            ApiVersion = "v1", Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "azgw", NamespaceProperty = "azgw-system" },
            Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "20.30.40.50" }] } },
        });
        var status = new ResourceStatus(
            new ResourceRef(ResourceKinds.GatewayApiVersion, "Gateway", "apps", "web", 1),
            new GatewayStatus { Conditions = [new Condition { Type = "Programmed", Status = "True", Reason = "Programmed", Message = "ok", ObservedGeneration = 1, LastTransitionTime = Earlier }] });

        await Writer(server, new StatusWriterOptions { AddressService = ("azgw-system", "azgw") }).WriteAsync([status], CancellationToken.None);

        var address = server.Get(ResourceKinds.GatewayApiGroup, "gateways", "apps", "web")!["status"]!["addresses"]![0]!;
        Assert.Equal("IPAddress", address["type"]!.GetValue<string>());
        Assert.Equal("20.30.40.50", address["value"]!.GetValue<string>());
    }
}
