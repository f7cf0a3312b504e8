using System.Text.RegularExpressions;
using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// CORS settings to IR, checked as the schema would: origins are <c>http(s)://host[:port]</c> (the host may start
/// with a <c>*</c> wildcard) or a lone <c>*</c>; methods are the Gateway API's or a lone <c>*</c>; header names
/// are HTTP tokens; <c>maxAge</c> is at least one second and 5 when not set.
/// </summary>
public static partial class CorsTranslator
{
    private static readonly HashSet<string> Methods =
        new(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "*"], StringComparer.Ordinal);

    public static CorsIr Translate(HttpCorsFilter cors, string field, List<string> problems)
    {
        var origins = Checked(cors.AllowOrigins, $"{field}.allowOrigins", o => Origin().IsMatch(o) && o.Length <= 253,
            "is not an origin such as https://example.com, https://*.example.com:8443 or *", problems);
        var methods = Checked(cors.AllowMethods, $"{field}.allowMethods", Methods.Contains,
            "is not an HTTP method the Gateway API names (GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH) nor \"*\"", problems);
        var allowHeaders = Checked(cors.AllowHeaders, $"{field}.allowHeaders", HttpSyntax.IsHeaderName, "is not a valid HTTP header name", problems);
        var exposeHeaders = Checked(cors.ExposeHeaders, $"{field}.exposeHeaders", HttpSyntax.IsHeaderName, "is not a valid HTTP header name", problems);
        foreach (var (list, name) in new[] { (origins, "allowOrigins"), (methods, "allowMethods"), (allowHeaders, "allowHeaders") })
        {
            if (list.Contains("*") && list.Count > 1)
            {
                problems.Add($"{field}.{name} lists \"*\" beside other values (\"*\" stands alone)");
            }
        }
        if (cors.MaxAge is < 1)
        {
            problems.Add($"{field}.maxAge {cors.MaxAge} must be at least 1 (second)");
        }
        return new CorsIr
        {
            AllowOrigins = origins,
            AllowCredentials = cors.AllowCredentials ?? false,
            AllowMethods = methods,
            AllowHeaders = allowHeaders,
            ExposeHeaders = exposeHeaders,
            MaxAgeSeconds = cors.MaxAge ?? 5,
        };
    }

    private static List<string> Checked(List<string>? values, string field, Func<string, bool> isValid, string invalid, List<string> problems)
    {
        var list = values ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (!isValid(list[i]))
            {
                problems.Add($"{field}[{i}] \"{list[i]}\" {invalid}");
            }
        }
        return list;
    }

    [GeneratedRegex(@"^(\*|https?://(\*|(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)(:[0-9]{1,5})?)\z")]
    private static partial Regex Origin();
}
