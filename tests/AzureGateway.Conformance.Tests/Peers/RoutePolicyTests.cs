using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Peers;

/// <summary>
/// Application Gateway for Containers' RoutePolicy, end to end through the same folder-mode gateway: its route timeout
/// and its session affinity reach the data plane, and the HTTPRoute's own timeout wins over the policy's. Not a Gateway
/// API feature, so these cases carry no feature trait and are not counted in the conformance report.
/// </summary>
public sealed class RoutePolicyTests(RoutePolicyTests.Gateway gateway) : IClassFixture<RoutePolicyTests.Gateway>
{
    public static readonly Backend One = new(Infra, "app-one");
    public static readonly Backend Two = new(Infra, "app-two");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One, Two];

        protected override string Manifests() => Manifest.Join(
            Manifest.HttpGateway("agc"),
            Route("limited", "[{name: app-one, port: 8080}]"),
            Route("own-timeout", "[{name: app-one, port: 8080}]", "    timeouts: {request: 5s}\n"),
            Route("sticky", "[{name: app-one, port: 8080}, {name: app-two, port: 8080}]"),
            Policy("limited", "timeouts: {routeTimeout: 1s}"),
            Policy("own-timeout", "timeouts: {routeTimeout: 1s}"),
            Policy("sticky", "sessionAffinity: {affinityType: application-cookie, cookieName: shop-session, cookieDuration: 1h}"));

        private static string Route(string name, string backendRefs, string rest = "") =>
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {Infra}}}\nspec:\n" +
            $"  parentRefs: [{{name: agc}}]\n  hostnames: [{name}.example.com]\n  rules:\n  - backendRefs: {backendRefs}\n{rest}";

        private static string Policy(string route, string settings) =>
            $"apiVersion: alb.networking.azure.io/v1\nkind: RoutePolicy\nmetadata: {{name: {route}, namespace: {Infra}}}\nspec:\n" +
            $"  targetRef: {{group: gateway.networking.k8s.io, kind: HTTPRoute, name: {route}}}\n  default:\n    {settings}\n";
    }

    [Theory]
    [InlineData(2000, 504)]
    [InlineData(0, 200)]
    public async Task TheRouteTimeoutOfAPolicyAnswers504WhenTheBackendIsTooSlow(int delayMilliseconds, int status)
    {
        var answer = await gateway.SendAsync(new Request("limited.example.com").With("x-echo-delay-ms", delayMilliseconds.ToString()));

        Assert.Equal(status, answer.Status);
    }

    [Fact]
    public async Task TheRoutesOwnTimeoutWinsOverThePolicysAndThePolicySaysSo()
    {
        var answer = await gateway.SendAsync(new Request("own-timeout.example.com").With("x-echo-delay-ms", "2000"));

        Assert.Equal(200, answer.Status);
        var policy = gateway.Latest.Json("RoutePolicy", Infra, "own-timeout");
        var accepted = policy.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Accepted");
        Assert.Equal("AcceptedWithTimeoutConflict", accepted.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AClientThatSendsTheAffinityCookieBackStaysOnTheBackendThatServedItFirst()
    {
        var first = await gateway.SendAsync(new Request("sticky.example.com"));
        var cookie = first.Header("set-cookie");
        Assert.NotNull(cookie);
        Assert.StartsWith("shop-session=", cookie, StringComparison.Ordinal);
        Assert.Contains("max-age=3600", cookie, StringComparison.OrdinalIgnoreCase);

        var pair = cookie.Split(';')[0];
        for (var i = 0; i < 20; i++)
        {
            var next = await gateway.SendAsync(new Request("sticky.example.com").With("cookie", pair));
            Assert.Equal(first.Backend, next.Backend);
        }
    }
}
