using System.Text.Json.Nodes;

namespace AzureGateway.Functions.Tests;

/// <summary>
/// Key Vault certificate events as Event Grid delivers them, in the shape of the published samples: the Event Grid
/// schema (<c>eventType</c>, <c>topic</c>, <c>dataVersion</c>), CloudEvents v1.0 (<c>specversion</c>, <c>source</c>),
/// and the subscription validation event.
/// </summary>
public static class KeyVaultEvents
{
    public const string Vault = "https://myvault.vault.azure.net";
    public const string NewVersionCreated = "Microsoft.KeyVault.CertificateNewVersionCreated";
    public const string NearExpiry = "Microsoft.KeyVault.CertificateNearExpiry";
    public const string Expired = "Microsoft.KeyVault.CertificateExpired";

    private const string VaultResource =
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/gateway/providers/Microsoft.KeyVault/vaults/myvault";

    /// <summary>The data Key Vault puts in every certificate event (its properties are PascalCase, NBF/EXP in Unix seconds).</summary>
    public static JsonObject CertificateData(string name, string version) => new()
    {
        ["Id"] = $"{Vault}/certificates/{name}/{version}",
        ["VaultName"] = "myvault",
        ["ObjectType"] = "Certificate",
        ["ObjectName"] = name,
        ["Version"] = version,
        ["NBF"] = 1795000000,
        ["EXP"] = 1826536000,
    };

    public static JsonObject EventGridSchema(string eventType, JsonObject data) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = VaultResource,
        ["subject"] = data["ObjectName"]?.GetValue<string>() ?? "",
        ["eventType"] = eventType,
        ["data"] = data,
        ["dataVersion"] = "1",
        ["metadataVersion"] = "1",
        ["eventTime"] = "2026-11-23T06:00:00.0000000Z",
    };

    public static JsonObject CloudEventsSchema(string eventType, JsonObject data) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = VaultResource,
        ["type"] = eventType,
        ["subject"] = data["ObjectName"]?.GetValue<string>() ?? "",
        ["time"] = "2026-11-23T06:00:00.0000000Z",
        ["datacontenttype"] = "application/json",
        ["data"] = data,
    };

    public static JsonObject SubscriptionValidation(string code) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = VaultResource,
        ["subject"] = "",
        ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
        ["data"] = new JsonObject
        {
            ["validationCode"] = code,
            ["validationUrl"] = $"https://rp-westeurope.eventgrid.azure.net:553/eventsubscriptions/gateway/validate?id={code}&t=2026-11-23T06:00:00.0000000Z",
        },
        ["dataVersion"] = "2",
        ["metadataVersion"] = "1",
        ["eventTime"] = "2026-11-23T06:00:00.0000000Z",
    };

    /// <summary>An Event Grid delivery: always an array, even of one event.</summary>
    public static JsonArray Delivery(params JsonObject[] events) => [.. events];
}
