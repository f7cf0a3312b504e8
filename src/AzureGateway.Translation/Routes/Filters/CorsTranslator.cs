using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// CORS settings to IR; <c>maxAge</c> is 5 seconds when not set. The values were checked with the CRD's rules
/// when the route was read (origins, methods, header names, a lone <c>*</c>, <c>maxAge</c> of at least 1).
/// </summary>
public static class CorsTranslator
{
    public static CorsIr Translate(HttpCorsFilter cors) => new()
    {
        AllowOrigins = cors.AllowOrigins ?? [],
        AllowCredentials = cors.AllowCredentials ?? false,
        AllowMethods = cors.AllowMethods ?? [],
        AllowHeaders = cors.AllowHeaders ?? [],
        ExposeHeaders = cors.ExposeHeaders ?? [],
        MaxAgeSeconds = cors.MaxAge ?? 5,
    };
}
