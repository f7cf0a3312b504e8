using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Peers;

/// <summary>
/// Application Gateway for Containers' HealthCheckPolicy, end to end through the folder-mode gateway: the probes of a
/// policy whose healthy status codes the backend never answers take that backend's endpoint out of the rotation, so
/// the route's other backend serves every request; both policies say they are accepted. Not a Gateway API feature, so
/// these cases carry no feature trait and are not counted in the conformance report.
/// </summary>
public sealed class HealthCheckPolicyTests(HealthCheckPolicyTests.Gateway gateway) : IClassFixture<HealthCheckPolicyTests.Gateway>
{
    public static readonly Backend Passing = new(Infra, "app-probes-pass");
    public static readonly Backend Failing = new(Infra, "app-probes-fail");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [Passing, Failing];

        protected override string Manifests() => Manifest.Join(
            Manifest.HttpGateway("agc-health"),
            $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: probed, namespace: {{Infra}}}
            spec:
              parentRefs: [{name: agc-health}]
              hostnames: [probed.example.com]
              rules:
              - backendRefs: [{name: {{Passing.Name}}, port: 8080}, {name: {{Failing.Name}}, port: 8080}]
            ---
            apiVersion: alb.networking.azure.io/v1
            kind: HealthCheckPolicy
            metadata: {name: passing, namespace: {{Infra}}}
            spec:
              targetRef: {group: "", kind: Service, name: {{Passing.Name}}, namespace: {{Infra}}}
              default:
                interval: 1s
                timeout: 1s
                http: {host: probe.example.com, path: /healthz}
            ---
            apiVersion: alb.networking.azure.io/v1
            kind: HealthCheckPolicy
            metadata: {name: failing, namespace: {{Infra}}}
            spec:
              targetRef: {group: "", kind: Service, name: {{Failing.Name}}}
              default:
                interval: 1s
                timeout: 1s
                unhealthyThreshold: 1
                http:
                  path: /healthz
                  match:
                    statusCodes: [{start: 204, end: 204}]
            """);
    }

    [Fact]
    public async Task AnEndpointWhoseProbesGetAnUnhealthyStatusLeavesTheRotation()
    {
        var deadline = DateTime.UtcNow + Patience;
        var inARow = 0;
        while (inARow < 20)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Failing.Identity} still served after {Patience.TotalSeconds} s of failing probes");
            var answer = await gateway.SendAsync(new Request("probed.example.com"));
            Assert.Equal(200, answer.Status);
            inARow = answer.Backend == Passing.Identity ? inARow + 1 : 0;
            if (inARow == 0)
            {
                await Task.Delay(100);
            }
        }
        Assert.Contains(gateway.Server(Failing).Requests, r => r.Path == "/healthz");
    }

    [Theory]
    [InlineData("passing")]
    [InlineData("failing")]
    public void BothPoliciesAreAccepted(string name)
    {
        var policy = gateway.Latest.Json("HealthCheckPolicy", Infra, name);
        var accepted = policy.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Accepted");
        Assert.Equal("True", accepted.GetProperty("status").GetString());
    }
}
