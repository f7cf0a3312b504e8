using AzureGateway.Kubernetes.Leadership;
using AzureGateway.Kubernetes.Status;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation;
using AzureGateway.Translation.Status;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureGateway.Kubernetes.Tests;

public sealed class LeadershipTests
{
    /// <summary>One gateway replica's status path: its own client (named by its token), election and publisher.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _election;
        private readonly Task _publishing;

        public Replica(TestApiServer server, string name)
        {
            Name = name;
            var client = server.Client(token: name);
            Leadership = new StatusLeadership(client, new LeadershipOptions
            {
                Namespace = "azgw-system",
                Identity = name,
                LeaseDuration = TimeSpan.FromSeconds(3),
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            }, NullLogger<StatusLeadership>.Instance);
            Publisher = new StatusPublisher(new StatusWriter(client, new StatusWriterOptions(), NullLogger<StatusWriter>.Instance), () => Leadership.IsLeader);
            Leadership.StartedLeading += Publisher.Wake;
            _election = Leadership.RunAsync(_stop.Token);
            _publishing = Publisher.RunAsync(_stop.Token);
        }

        public string Name { get; }
        public StatusLeadership Leadership { get; }
        public StatusPublisher Publisher { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_election, _publishing);
            Leadership.Dispose();
        }
    }

    private static ResourceStatus Accepted(string message) => new(
        new ResourceRef(ResourceKinds.GatewayApiVersion, "HTTPRoute", "apps", "first", 1),
        new RouteStatus
        {
            Parents =
            [
                new RouteParentStatus
                {
                    ParentRef = new ParentReference { Name = "web" },
                    ControllerName = ResourceKinds.ControllerName,
                    Conditions = [new Condition { Type = "Accepted", Status = "True", Reason = "Accepted", Message = message, ObservedGeneration = 1 }],
                },
            ],
        });

    private static string? Message(TestApiServer server) =>
        server.Get(ResourceKinds.GatewayApiGroup, "httproutes", "apps", "first")?["status"]?["parents"]?[0]?["conditions"]?[0]?["message"]?.GetValue<string>();

    [Fact]
    public async Task Of_two_replicas_one_leads_and_only_it_writes_status()
    {
        await using var server = await TestApiServer.StartAsync();
        server.Apply(Manifests.Route("first"));
        await using var a = new Replica(server, "replica-a");
        await using var b = new Replica(server, "replica-b");

        await Poll.UntilAsync(() => a.Leadership.IsLeader || b.Leadership.IsLeader, "a leader");
        a.Publisher.Publish([Accepted("first version")]);
        b.Publisher.Publish([Accepted("first version")]);
        await Poll.UntilAsync(() => Message(server) == "first version", "the status written");

        var leader = a.Leadership.IsLeader ? a : b;
        Assert.False(a.Leadership.IsLeader && b.Leadership.IsLeader);
        var writers = server.Requests.Where(r => r is { Method: "PATCH", Subresource: "status" }).Select(r => r.Token).Distinct();
        Assert.Equal([leader.Name], writers);
        var lease = server.Get("coordination.k8s.io", "leases", "azgw-system", "azure-gateway-status-writer");
        Assert.Equal(leader.Name, lease!["spec"]!["holderIdentity"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_leader_stops_the_other_replica_takes_over_and_writes_what_it_holds()
    {
        await using var server = await TestApiServer.StartAsync();
        server.Apply(Manifests.Route("first"));
        var a = new Replica(server, "replica-a");
        await Poll.UntilAsync(() => a.Leadership.IsLeader, "replica-a leads");
        await using var b = new Replica(server, "replica-b");
        b.Publisher.Publish([Accepted("held by b")]);

        await a.DisposeAsync();
        await Poll.UntilAsync(() => Message(server) == "held by b", "replica-b writes after taking over");

        Assert.True(b.Leadership.IsLeader);
    }
}
