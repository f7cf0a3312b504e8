using AzureGateway.Model;
using AzureGateway.Translation.Certificates;

namespace AzureGateway.Translation.Status;

/// <summary>
/// Tells every resource that uses a Secret or ConfigMap which Key Vault marked near expiry or expired (the sync
/// writes the mark on Key Vault's event) with a condition of its own: the Gateway API leaves room for an
/// implementation's condition types, and none of the standard ones means "still fine, but not for long".
/// </summary>
internal static class KeyVaultExpiryConditions
{
    public const string Type = "azuregateway.io/CertificateExpiring";

    public static void Add(IEnumerable<ResourceStatus> statuses, IReadOnlyDictionary<CertificateObject, KeyVaultExpiryMark> marks, ConditionFactory conditions)
    {
        if (marks.Count == 0)
        {
            return;
        }
        var byResource = statuses.ToLookup(s => (Group(s.Resource.ApiVersion), s.Resource.Kind, s.Resource.Namespace, s.Resource.Name));
        foreach (var (source, mark) in marks.OrderBy(m => m.Key.Source, StringComparer.Ordinal))
        {
            var certificate = mark.Versions is null ? "a Key Vault certificate" : $"Key Vault certificate {mark.Versions}";
            var state = mark.State == "Expired" ? "expired" : "near its expiry";
            var message = $"{source.Source} holds {certificate}, which Key Vault reports {state}: create a new version in Key Vault and the gateway follows it.";
            foreach (var user in mark.Users)
            {
                foreach (var status in byResource[(user.Group, user.Kind, user.Namespace, user.Name)])
                {
                    var lists = status.Status switch
                    {
                        GatewayStatus gateway => [gateway.Conditions],
                        ConditionsStatus plain => [plain.Conditions],
                        PolicyStatus policy => policy.Ancestors.Select(a => a.Conditions).ToList(),
                        _ => new List<List<Condition>>(),
                    };
                    foreach (var list in lists)
                    {
                        list.Add(conditions.True(Type, mark.State, message, status.Resource.Generation));
                    }
                }
            }
        }
    }

    private static string Group(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
}
