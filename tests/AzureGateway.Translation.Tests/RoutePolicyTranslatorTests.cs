using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.Alb;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Policies;
using AzureGateway.Translation.Routes;
using AzureGateway.Translation.Status;
using k8s.Models;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// The RoutePolicy post-step over ranked routes, with routes made by hand: HTTPRoute rule timeouts cannot be
/// written in a golden input yet, and their precedence over <c>routeTimeout</c> is AGC's documented rule.
/// </summary>
public sealed class RoutePolicyTranslatorTests
{
    private static readonly V1ObjectMeta ShopMetadata = new() { Name = "shop", NamespaceProperty = "apps" };

    private static RankedRoute Ranked(int rule, RouteTimeoutsIr? timeouts) => new(80, "*", new RouteIr
    {
        Name = $"httproute/apps/shop/rule/{rule}/match/0",
        Match = new RouteMatchIr(),
        Timeouts = timeouts,
    }, ShopMetadata, rule, 0);

    private static RoutePolicy Policy(string? routeTimeout, string affinityType = "managed-cookie") => new()
    {
        ApiVersion = ResourceKinds.AlbVersion,
        Kind = "RoutePolicy",
        Metadata = new V1ObjectMeta { Name = "shop-policy", NamespaceProperty = "apps", Generation = 3 },
        Spec = new RoutePolicySpec
        {
            TargetRef = new AlbTargetReference { Group = ResourceKinds.GatewayApiGroup, Kind = "HTTPRoute", Name = "shop" },
            Default = new RoutePolicyConfig
            {
                Timeouts = routeTimeout is null ? null : new RoutePolicyTimeouts { RouteTimeout = routeTimeout },
                SessionAffinity = new RoutePolicySessionAffinity { AffinityType = affinityType },
            },
        },
    };

    private static (IReadOnlyList<RankedRoute> Routes, Condition Accepted) Apply(RoutePolicy policy, params RankedRoute[] routes)
    {
        var snapshot = ResourceSnapshot.Empty with
        {
            HttpRoutes = [new HttpRoute { ApiVersion = ResourceKinds.GatewayApiVersion, Kind = "HTTPRoute", Metadata = ShopMetadata }],
            RoutePolicies = [policy],
        };
        var context = new TranslationContext(snapshot, GoldenFiles.Options);
        var (applied, statuses) = new RoutePolicyTranslator(context).Apply(routes, []);
        var status = Assert.IsType<ConditionsStatus>(Assert.Single(statuses).Status);
        return (applied, Assert.Single(status.Conditions));
    }

    [Fact]
    public void A_rule_with_its_own_request_or_backend_request_timeout_keeps_it_and_the_policy_says_which_rules_do()
    {
        var own = new RouteTimeoutsIr { Request = TimeSpan.FromSeconds(5) };
        var backendOnly = new RouteTimeoutsIr { BackendRequest = TimeSpan.FromSeconds(2) };

        var (routes, accepted) = Apply(Policy("30s"), Ranked(0, own), Ranked(1, backendOnly), Ranked(2, null), Ranked(2, new RouteTimeoutsIr()));

        Assert.Equal(own, routes[0].Route.Timeouts);
        Assert.Equal(backendOnly, routes[1].Route.Timeouts);
        Assert.Equal(new RouteTimeoutsIr { Request = TimeSpan.FromSeconds(30) }, routes[2].Route.Timeouts);
        Assert.Equal(new RouteTimeoutsIr { Request = TimeSpan.FromSeconds(30) }, routes[3].Route.Timeouts);
        // Session affinity has no HTTPRoute counterpart: every route gets it.
        Assert.All(routes, r => Assert.Equal(SessionAffinityType.ManagedCookie, r.Route.SessionAffinity?.Type));
        Assert.Equal(("True", "AcceptedWithTimeoutConflict"), (accepted.Status, accepted.Reason));
        Assert.Contains("rules 0, 1 of HTTPRoute apps/shop set their own timeouts", accepted.Message, StringComparison.Ordinal);
        Assert.Equal(3, accepted.ObservedGeneration);
    }

    [Fact]
    public void Without_rule_timeouts_the_policy_is_plainly_accepted_and_routes_without_a_policy_are_left_as_they_are()
    {
        var other = new RankedRoute(80, "*", new RouteIr { Name = "httproute/apps/news/rule/0/match/0", Match = new RouteMatchIr() },
            new V1ObjectMeta { Name = "news", NamespaceProperty = "apps" }, 0, 0);

        var (routes, accepted) = Apply(Policy("1m"), Ranked(0, null), other);

        Assert.Equal(TimeSpan.FromMinutes(1), routes[0].Route.Timeouts?.Request);
        Assert.Same(other, routes[1]);
        Assert.Equal(("True", "Accepted", "Valid RoutePolicy"), (accepted.Status, accepted.Reason, accepted.Message));
    }

    [Fact]
    public void When_other_controllers_serve_classes_a_policy_gets_a_status_only_when_its_route_is_attached_to_a_gateway_of_ours()
    {
        var snapshot = ResourceSnapshot.Empty with
        {
            HttpRoutes = [new HttpRoute { ApiVersion = ResourceKinds.GatewayApiVersion, Kind = "HTTPRoute", Metadata = ShopMetadata }],
            RoutePolicies = [Policy("30s")],
        };
        var options = GoldenFiles.Options with { ControllerNames = new HashSet<string> { ResourceKinds.ControllerName } };
        var translator = new RoutePolicyTranslator(new TranslationContext(snapshot, options));
        var routeStatus = new ResourceStatus(
            new ResourceRef(ResourceKinds.GatewayApiVersion, "HTTPRoute", "apps", "shop", 1), new RouteStatus());

        var (_, withoutOurs) = translator.Apply([], []);
        var (_, withOurs) = translator.Apply([], [routeStatus]);

        Assert.Empty(withoutOurs);
        Assert.Equal("shop-policy", Assert.Single(withOurs).Resource.Name);
    }

    [Theory]
    [InlineData("1h2m3.5s", 3723.5)]
    [InlineData("250ms", 0.25)]
    [InlineData("1.5h", 5400)]
    [InlineData("+5s", 5)]
    [InlineData("0", 0)]
    [InlineData("1500us", 0.0015)]
    [InlineData("2m0s", 120)]
    public void A_route_timeout_reads_as_a_kubernetes_duration(string text, double seconds)
    {
        var (routes, accepted) = Apply(Policy(text), Ranked(0, null));

        Assert.Equal("Accepted", accepted.Reason);
        Assert.Equal(TimeSpan.FromSeconds(seconds), routes[0].Route.Timeouts?.Request);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("1d")]
    [InlineData(".s")]
    [InlineData("5 s")]
    [InlineData("1.2.3s")]
    [InlineData("")]
    [InlineData("-1s")]
    [InlineData("99999999999999h")]
    public void A_route_timeout_that_is_not_a_usable_duration_makes_the_policy_invalid_and_the_route_serve_without_it(string text)
    {
        var (routes, accepted) = Apply(Policy(text), Ranked(0, null));

        Assert.Equal(("False", "InvalidRoutePolicy"), (accepted.Status, accepted.Reason));
        Assert.Contains("spec.default.timeouts.routeTimeout", accepted.Message, StringComparison.Ordinal);
        Assert.Null(routes[0].Route.Timeouts);
        Assert.Null(routes[0].Route.SessionAffinity);
    }
}
