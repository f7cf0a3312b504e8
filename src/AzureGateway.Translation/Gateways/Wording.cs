namespace AzureGateway.Translation.Gateways;

/// <summary>Small pieces of status messages that must read right for one item or several.</summary>
public static class Wording
{
    /// <summary>"listener http" or "listeners http, https".</summary>
    public static string Listeners(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? $"listener {list[0]}" : $"listeners {string.Join(", ", list)}";
    }
}
