using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.Functions.Cluster;

/// <summary>
/// The caller App Service authentication let through: it validates the Entra token, then passes its claims on in the
/// <c>X-MS-CLIENT-PRINCIPAL</c> header (base64 of <c>{"auth_typ":"aad","claims":[{"typ":…,"val":…}]}</c>) and strips
/// that header from whatever a client sends, so under it the header is proof of a validated token.
/// </summary>
internal static class AppServicePrincipal
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>
    /// The application the token was issued to: <c>appid</c> in v1.0 tokens, <c>azp</c> in v2.0 ones; null without a
    /// principal or when the header cannot be read.
    /// </summary>
    public static string? CallerApplication(HttpRequest request)
    {
        if (request.Headers[Header].ToString() is not { Length: > 0 } encoded)
        {
            return null;
        }
        try
        {
            var principal = JsonSerializer.Deserialize(Convert.FromBase64String(encoded), PrincipalJson.Default.Principal);
            return principal?.Claims?.FirstOrDefault(c => c.Typ is "appid" or "azp")?.Val;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The part of the principal read here: its claims (Easy Auth also sends <c>auth_typ</c> and claim type names).</summary>
    internal sealed record Principal(
        [property: JsonPropertyName("claims")] IReadOnlyList<Claim>? Claims);

    internal sealed record Claim(
        [property: JsonPropertyName("typ")] string? Typ,
        [property: JsonPropertyName("val")] string? Val);
}

[JsonSerializable(typeof(AppServicePrincipal.Principal))]
internal sealed partial class PrincipalJson : JsonSerializerContext;
