using System.Diagnostics;
using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>URL rewrites, request mirrors, timeouts, retries and CORS.</summary>
public sealed class TrafficFilterTests(TrafficFilterTests.Gateway gateway) : IClassFixture<TrafficFilterTests.Gateway>
{
    public static readonly Backend One = new(Infra, "app-one");
    public static readonly Backend Two = new(Infra, "app-two");
    public static readonly Backend Three = new(Infra, "app-three");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One, Two, Three];

        protected override string Manifests() => Manifest.Join(
            Manifest.HttpGateway("traffic"),
            Route("rewrites", "rewrite.example.com", """
                - matches: [{path: {type: PathPrefix, value: /host}}]
                  filters: [{type: URLRewrite, urlRewrite: {hostname: rewritten.example.org}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /full}}]
                  filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /whole}}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /prefix}}]
                  filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /swapped}}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /strip}}]
                  filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /both}}]
                  filters: [{type: URLRewrite, urlRewrite: {hostname: both.example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /after}}}]
                  backendRefs: [{name: app-one, port: 8080}]
                """),
            Route("mirrors", "mirror.example.com", """
                - matches: [{path: {type: PathPrefix, value: /one-mirror}}]
                  filters: [{type: RequestMirror, requestMirror: {backendRef: {name: app-two, port: 8080}}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /two-mirrors}}]
                  filters:
                  - {type: RequestMirror, requestMirror: {backendRef: {name: app-two, port: 8080}}}
                  - {type: RequestMirror, requestMirror: {backendRef: {name: app-three, port: 8080}}}
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /half-mirrored}}]
                  filters: [{type: RequestMirror, requestMirror: {backendRef: {name: app-two, port: 8080}, percent: 50}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /never-mirrored}}]
                  filters: [{type: RequestMirror, requestMirror: {backendRef: {name: app-two, port: 8080}, fraction: {numerator: 0, denominator: 100}}}]
                  backendRefs: [{name: app-one, port: 8080}]
                """),
            Route("timeouts", "timeout.example.com", """
                - matches: [{path: {type: PathPrefix, value: /request}}]
                  timeouts: {request: 500ms}
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /backend}}]
                  timeouts: {request: 10s, backendRequest: 500ms}
                  backendRefs: [{name: app-one, port: 8080}]
                """),
            Route("retries", "retry.example.com", """
                - matches: [{path: {type: PathPrefix, value: /only-500}}]
                  retry: {codes: [500], attempts: 2}
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /gateway-errors}}]
                  retry: {codes: [502, 503, 504], attempts: 1}
                  backendRefs: [{name: app-one, port: 8080}]
                """),
            Route("cors", "cors.example.com", """
                - filters:
                  - type: CORS
                    cors:
                      allowOrigins: ["https://app.example.com", "https://*.trusted.example.com"]
                      allowMethods: [GET, PUT]
                      allowHeaders: [x-custom]
                      exposeHeaders: [x-exposed]
                      allowCredentials: true
                      maxAge: 600
                  backendRefs: [{name: app-one, port: 8080}]
                """));

        private static string Route(string name, string hostname, string rules) =>
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {Infra}}}\nspec:\n" +
            $"  parentRefs: [{{name: traffic}}]\n  hostnames: [\"{hostname}\"]\n  rules:\n" +
            string.Concat(rules.Split('\n').Select(line => "  " + line + "\n"));
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteHostRewrite)]
    public async Task AHostRewriteChangesTheHostTheBackendSees()
    {
        var answer = await gateway.SendAsync(new Request("rewrite.example.com", "/host/page"));

        Assert.Equal(One.Identity, answer.Backend);
        Assert.Equal("rewritten.example.org", answer.Echo!.Host);
        Assert.Equal("/host/page", answer.Echo.Path);
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRoutePathRewrite)]
    [InlineData("/full/anything", "/whole")]
    [InlineData("/prefix", "/swapped")]
    [InlineData("/prefix/", "/swapped/")]
    [InlineData("/prefix/rest/of/it", "/swapped/rest/of/it")]
    [InlineData("/strip/rest", "/rest")]
    [InlineData("/strip", "/")]
    public async Task APathRewriteReplacesTheWholePathOrTheMatchedPrefix(string path, string seen)
    {
        var answer = await gateway.SendAsync(new Request("rewrite.example.com", path));

        Assert.Equal(One.Identity, answer.Backend);
        Assert.Equal(seen, answer.Echo!.Path);
        Assert.Equal("rewrite.example.com", answer.Echo.Host);
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteHostRewrite), Trait(Feature.Trait, Feature.HttpRoutePathRewrite)]
    public async Task AHostAndPathRewriteApplyTogether()
    {
        var answer = await gateway.SendAsync(new Request("rewrite.example.com", "/both/x"));

        Assert.Equal("both.example.org", answer.Echo?.Host);
        Assert.Equal("/after/x", answer.Echo?.Path);
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteRequestMirror)]
    public async Task AMirrorGetsACopyOfTheRequestAndTheClientGetsTheBackendsAnswer()
    {
        var marker = Guid.NewGuid().ToString("N");

        var answer = await gateway.SendAsync(new Request("mirror.example.com", "/one-mirror/page").With("x-marker", marker));

        Assert.Equal(One.Identity, answer.Backend);
        var copy = await CopyAsync(Two, marker);
        Assert.Equal("/one-mirror/page", copy.Path);
        Assert.Equal("GET", copy.Method);
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteRequestMultipleMirrors)]
    public async Task EveryMirrorOfARuleGetsACopy()
    {
        var marker = Guid.NewGuid().ToString("N");

        var answer = await gateway.SendAsync(new Request("mirror.example.com", "/two-mirrors").With("x-marker", marker));

        Assert.Equal(One.Identity, answer.Backend);
        await CopyAsync(Two, marker);
        await CopyAsync(Three, marker);
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteRequestPercentageMirror)]
    public async Task AMirrorWithAPercentageGetsAboutThatShareOfRequests()
    {
        var marker = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(One.Identity, (await gateway.SendAsync(new Request("mirror.example.com", "/half-mirrored").With("x-marker", marker))).Backend);
        }

        // Mirrored copies may still be on their way; the share is settled once it stops growing.
        var copies = await SettledCountAsync(() => Copies(Two, marker));
        Assert.InRange(copies, 60, 140);
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteRequestPercentageMirror)]
    public async Task AMirrorWithAZeroFractionGetsNothing()
    {
        var marker = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(One.Identity, (await gateway.SendAsync(new Request("mirror.example.com", "/never-mirrored").With("x-marker", marker))).Backend);
        }
        // A copy to the half-mirrored path is the witness that copies flow, so the absence of these is not just lateness.
        var witness = Guid.NewGuid().ToString("N");
        await gateway.SendAsync(new Request("mirror.example.com", "/one-mirror").With("x-marker", witness));
        await CopyAsync(Two, witness);

        Assert.Equal(0, Copies(Two, marker));
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteRequestTimeout)]
    [InlineData(2000, 504)]
    [InlineData(0, 200)]
    public async Task ARequestTimeoutAnswers504WhenTheBackendIsTooSlow(int delayMilliseconds, int status)
    {
        var answer = await gateway.SendAsync(new Request("timeout.example.com", "/request").With("x-echo-delay-ms", delayMilliseconds.ToString()));

        Assert.Equal(status, answer.Status);
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteBackendTimeout)]
    [InlineData(2000, 504)]
    [InlineData(0, 200)]
    public async Task ABackendRequestTimeoutAnswers504WhenTheBackendIsTooSlow(int delayMilliseconds, int status)
    {
        var answer = await gateway.SendAsync(new Request("timeout.example.com", "/backend").With("x-echo-delay-ms", delayMilliseconds.ToString()));

        Assert.Equal(status, answer.Status);
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteRetry)]
    [InlineData("/only-500", 500, 2, 200, 3)]
    [InlineData("/only-500", 500, 3, 500, 3)]
    [InlineData("/only-500", 503, 1, 503, 1)]
    [InlineData("/gateway-errors", 502, 1, 200, 2)]
    [InlineData("/gateway-errors", 503, 1, 200, 2)]
    [InlineData("/gateway-errors", 504, 1, 200, 2)]
    [InlineData("/gateway-errors", 503, 2, 503, 2)]
    [InlineData("/gateway-errors", 500, 1, 500, 1)]
    public async Task ARetryRepeatsARequestOnTheListedCodesUpToItsAttempts(string path, int code, int failures, int status, int attempts)
    {
        var id = Guid.NewGuid().ToString("N");
        var request = new Request("retry.example.com", path)
            .With("x-echo-status", code.ToString()).With("x-echo-status-times", failures.ToString()).With("x-echo-request-id", id);

        var answer = await gateway.SendAsync(request);

        Assert.Equal(status, answer.Status);
        Assert.Equal(attempts, gateway.Server(One).Requests.Count(r => r.Headers.GetValueOrDefault("x-echo-request-id") == id));
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteCors)]
    [InlineData("https://app.example.com")]
    [InlineData("https://a.trusted.example.com")]
    public async Task APreflightFromAnAllowedOriginIsAnsweredWithThePolicy(string origin)
    {
        var request = new Request("cors.example.com", "/resource") { Method = HttpMethod.Options }
            .With("origin", origin).With("access-control-request-method", "PUT").With("access-control-request-headers", "x-custom");

        var answer = await gateway.SendAsync(request);

        Assert.Contains(answer.Status, new[] { 200, 204 });
        Assert.Equal(origin, answer.Header("access-control-allow-origin"));
        Assert.Contains("PUT", Values(answer.Header("access-control-allow-methods")));
        Assert.Contains("x-custom", Values(answer.Header("access-control-allow-headers")), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("600", answer.Header("access-control-max-age"));
        Assert.Equal("true", answer.Header("access-control-allow-credentials"));
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteCors)]
    public async Task APreflightFromAnotherOriginGetsNoPermission()
    {
        var request = new Request("cors.example.com", "/resource") { Method = HttpMethod.Options }
            .With("origin", "https://evil.example.net").With("access-control-request-method", "PUT");

        var answer = await gateway.SendAsync(request);

        Assert.Null(answer.Header("access-control-allow-origin"));
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteCors)]
    public async Task AnActualRequestFromAnAllowedOriginReachesTheBackendWithTheCorsHeaders()
    {
        var answer = await gateway.SendAsync(new Request("cors.example.com", "/resource").With("origin", "https://app.example.com"));

        Assert.Equal(One.Identity, answer.Backend);
        Assert.Equal("https://app.example.com", answer.Header("access-control-allow-origin"));
        Assert.Contains("x-exposed", Values(answer.Header("access-control-expose-headers")), StringComparer.OrdinalIgnoreCase);
    }

    private static string[] Values(string? header) =>
        (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private int Copies(Backend backend, string marker) =>
        gateway.Server(backend).Requests.Count(r => r.Headers.GetValueOrDefault("x-marker") == marker);

    /// <summary>Waits for the copy of the request marked <paramref name="marker"/> to reach <paramref name="backend"/>.</summary>
    private async Task<EchoBackend.EchoResponse> CopyAsync(Backend backend, string marker)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            if (gateway.Server(backend).Requests.FirstOrDefault(r => r.Headers.GetValueOrDefault("x-marker") == marker) is { } copy)
            {
                return copy;
            }
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"{backend.Identity} got no copy of request {marker} within {Patience.TotalSeconds} s");
    }

    /// <summary>
    /// The count once it has stopped growing for 200 ms. How many copies a percentage mirror sends is what the test
    /// measures, so there is no number to wait for: a count that held still that long has no copy left on its way.
    /// </summary>
    private static async Task<int> SettledCountAsync(Func<int> count)
    {
        var waited = Stopwatch.StartNew();
        var last = -1;
        var current = count();
        while (current != last)
        {
            Assert.True(waited.Elapsed < Patience, $"the count still grew after {Patience.TotalSeconds} s");
            await Task.Delay(200);
            (last, current) = (current, count());
        }
        return current;
    }
}
