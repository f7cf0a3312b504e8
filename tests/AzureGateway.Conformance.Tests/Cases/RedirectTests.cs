using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>RequestRedirect: host name and status (Core), scheme, port, path and the further status codes (Extended).</summary>
public sealed class RedirectTests(RedirectTests.Gateway gateway) : IClassFixture<RedirectTests.Gateway>
{
    public static readonly Backend One = new(Infra, "app-one");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One];

        protected override string Manifests() => Manifest.Join(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: redirects, namespace: conformance-infra}\n" +
            "spec:\n  gatewayClassName: conformance\n  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n  - {name: alternate, port: 8080, protocol: HTTP}\n" +
            Manifest.HttpsListener("https", 443),
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: redirects, namespace: conformance-infra}
            spec:
              parentRefs: [{name: redirects}]
              hostnames: [redirect.example.com]
              rules:
            """ + "\n" + string.Concat(
                Rule("/to-host", "hostname: moved.example.org"),
                Rule("/to-host-permanently", "hostname: moved.example.org, statusCode: 301"),
                Rule("/to-https", "scheme: https"),
                Rule("/to-http", "scheme: http"),
                Rule("/to-port", "port: 8443"),
                Rule("/to-default-port", "port: 80"),
                Rule("/to-https-on-8443", "scheme: https, port: 8443"),
                Rule("/to-https-on-443", "scheme: https, port: 443"),
                Rule("/to-http-on-8080", "scheme: http, port: 8080"),
                Rule("/full-path", "path: {type: ReplaceFullPath, replaceFullPath: /replaced}"),
                Rule("/prefix-path", "path: {type: ReplacePrefixMatch, replacePrefixMatch: /new-prefix}"),
                Rule("/prefix-to-root", "path: {type: ReplacePrefixMatch, replacePrefixMatch: /}"),
                Rule("/path-and-host", "hostname: moved.example.org, path: {type: ReplaceFullPath, replaceFullPath: /elsewhere}"),
                Rule("/see-other", "statusCode: 303"),
                Rule("/temporary", "statusCode: 307"),
                Rule("/permanent", "statusCode: 308")));

        private static string Rule(string prefix, string redirect) =>
            $"  - matches: [{{path: {{type: PathPrefix, value: {prefix}}}}}]\n" +
            $"    filters: [{{type: RequestRedirect, requestRedirect: {{{redirect}}}}}]\n";
    }

    private async Task<Answer> RedirectAsync(string path, int port = 80, bool https = false)
    {
        var answer = await gateway.SendAsync(new Request("redirect.example.com", path) { Port = port, Https = https });
        Assert.Null(answer.Backend);
        return answer;
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("/to-host", 302, "http://moved.example.org/to-host")]
    [InlineData("/to-host-permanently", 301, "http://moved.example.org/to-host-permanently")]
    public async Task ARedirectToAnotherHostKeepsThePathAndDefaultsTo302(string path, int status, string location)
    {
        var answer = await RedirectAsync(path);

        Assert.Equal(status, answer.Status);
        Assert.Equal(location, answer.Header("location"));
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteSchemeRedirect)]
    [InlineData("/to-https", 80, false, "https://redirect.example.com/to-https")]
    [InlineData("/to-http", 443, true, "http://redirect.example.com/to-http")]
    [InlineData("/to-https", 8080, false, "https://redirect.example.com/to-https")]
    public async Task ASchemeRedirectUsesThatSchemesDefaultPort(string path, int port, bool https, string location)
    {
        var answer = await RedirectAsync(path, port, https);

        Assert.Equal(302, answer.Status);
        Assert.Equal(location, answer.Header("location"));
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRoutePortRedirect)]
    [InlineData("/to-port", 80, false, "http://redirect.example.com:8443/to-port")]
    [InlineData("/to-default-port", 8080, false, "http://redirect.example.com/to-default-port")]
    [InlineData("/to-host", 8080, false, "http://moved.example.org:8080/to-host")]
    [InlineData("/to-port", 443, true, "https://redirect.example.com:8443/to-port")]
    public async Task APortRedirectNamesThePortUnlessItIsTheSchemesDefault(string path, int port, bool https, string location)
    {
        var answer = await RedirectAsync(path, port, https);

        Assert.Equal(302, answer.Status);
        Assert.Equal(location, answer.Header("location"));
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteSchemeRedirect), Trait(Feature.Trait, Feature.HttpRoutePortRedirect)]
    [InlineData("/to-https-on-8443", 80, "https://redirect.example.com:8443/to-https-on-8443")]
    [InlineData("/to-https-on-443", 80, "https://redirect.example.com/to-https-on-443")]
    [InlineData("/to-http-on-8080", 80, "http://redirect.example.com:8080/to-http-on-8080")]
    [InlineData("/to-https", 8080, "https://redirect.example.com/to-https")]
    public async Task ASchemeAndPortRedirectOmitsOnlyTheNewSchemesDefaultPort(string path, int port, string location)
    {
        var answer = await RedirectAsync(path, port);

        Assert.Equal(302, answer.Status);
        Assert.Equal(location, answer.Header("location"));
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRoutePathRedirect)]
    [InlineData("/full-path/anything", "http://redirect.example.com/replaced")]
    [InlineData("/prefix-path", "http://redirect.example.com/new-prefix")]
    [InlineData("/prefix-path/rest", "http://redirect.example.com/new-prefix/rest")]
    [InlineData("/prefix-to-root/rest", "http://redirect.example.com/rest")]
    [InlineData("/path-and-host/rest", "http://moved.example.org/elsewhere")]
    public async Task APathRedirectReplacesTheWholePathOrTheMatchedPrefix(string path, string location)
    {
        var answer = await RedirectAsync(path);

        Assert.Equal(302, answer.Status);
        Assert.Equal(location, answer.Header("location"));
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRoute303RedirectStatusCode)]
    public async Task ARedirectCanAnswer303()
    {
        var answer = await RedirectAsync("/see-other");

        Assert.Equal(303, answer.Status);
        Assert.Equal("http://redirect.example.com/see-other", answer.Header("location"));
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRoute307RedirectStatusCode)]
    public async Task ARedirectCanAnswer307()
    {
        var answer = await RedirectAsync("/temporary");

        Assert.Equal(307, answer.Status);
        Assert.Equal("http://redirect.example.com/temporary", answer.Header("location"));
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRoute308RedirectStatusCode)]
    public async Task ARedirectCanAnswer308()
    {
        var answer = await RedirectAsync("/permanent");

        Assert.Equal(308, answer.Status);
        Assert.Equal("http://redirect.example.com/permanent", answer.Header("location"));
    }
}
