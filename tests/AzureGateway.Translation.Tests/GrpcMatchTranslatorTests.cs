using System.Text.RegularExpressions;
using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Routes;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// A GRPCRoute method match selects exactly the gRPC calls (<c>/service/method</c> paths) it names, with the path
/// matching the data plane does: Exact, element-wise prefix, or a full-match regular expression.
/// </summary>
public sealed class GrpcMatchTranslatorTests
{
    [Theory]
    [InlineData(null, "echo.v1.Echo", "Say", "/echo.v1.Echo/Say", true)]
    [InlineData(null, "echo.v1.Echo", "Say", "/echo.v1.Echo/SayMore", false)]
    [InlineData("Exact", "echo.v1.Echo", null, "/echo.v1.Echo/Anything", true)]
    [InlineData("Exact", "echo.v1.Echo", null, "/echo.v1.EchoX/Say", false)]
    [InlineData(null, null, "Ping", "/any.Service/Ping", true)]
    [InlineData(null, null, "Ping", "/any.Service/PingPong", false)]
    [InlineData(null, null, "Ping", "/a/b/Ping", false)]
    [InlineData("RegularExpression", "echo|health", "Say|Check", "/health/Check", true)]
    [InlineData("RegularExpression", "echo|health", "Say|Check", "/echo/Check", true)]
    [InlineData("RegularExpression", "echo|health", "Say|Check", "/other/Say", false)]
    [InlineData("RegularExpression", "echo|health", "Say|Check", "Check", false)]
    [InlineData("RegularExpression", "echo\\.v[0-9]+\\.Echo", null, "/echo.v2.Echo/Say", true)]
    [InlineData("RegularExpression", "echo\\.v[0-9]+\\.Echo", null, "/echo.v2.Echo/a/b", false)]
    [InlineData("RegularExpression", null, "Get.*", "/pkg.Svc/GetAll", true)]
    [InlineData("RegularExpression", null, "Get.*", "/pkg.Svc/List", false)]
    public void A_method_match_selects_the_calls_it_names(string? type, string? service, string? method, string path, bool selected)
    {
        var translated = GrpcMatchTranslator.Translate(new GrpcRouteMatch { Method = new GrpcMethodMatch { Type = type, Service = service, Method = method } });

        Assert.Null(translated.Error);
        Assert.Equal(selected, Selects(translated.Value.Match.Path, path));
    }

    [Fact]
    public void No_method_match_selects_every_call_and_ranks_last()
    {
        var translated = GrpcMatchTranslator.Translate(new GrpcRouteMatch());

        Assert.True(Selects(translated.Value.Match.Path, "/any.Service/Any"));
        Assert.Equal(new GrpcMatchRank(0, 0), translated.Value.Rank);
    }

    [Fact]
    public void A_pattern_that_does_not_compile_names_its_field()
    {
        var translated = GrpcMatchTranslator.Translate(new GrpcRouteMatch
        {
            Method = new GrpcMethodMatch { Type = "RegularExpression", Service = "echo", Method = "Say(" },
        });

        Assert.StartsWith("method.method regular expression \"Say(\" does not compile", translated.Error, StringComparison.Ordinal);
    }

    /// <summary>The data plane's path matching (a full match for a regular expression, whole elements for a prefix).</summary>
    private static bool Selects(PathMatchIr match, string path) => match.Type switch
    {
        PathMatchType.Exact => path == match.Value,
        PathMatchType.PathPrefix => match.Value.TrimEnd('/') is var prefix && path.StartsWith(prefix, StringComparison.Ordinal)
            && (path.Length == prefix.Length || path[prefix.Length] == '/'),
        _ => Regex.IsMatch(path, $"^(?:{match.Value})\\z", RegexOptions.CultureInvariant),
    };
}
