using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// RequestHeaderModifier and ResponseHeaderModifier settings to IR. The CRD's pattern checked set and add names
/// when the route was read; here, remove names (which the CRD leaves unchecked) must be header names, values
/// non-empty without line breaks, and a header name may get one action only, across set, add and remove and
/// whatever its case: the spec calls a filter with several actions for one name invalid.
/// </summary>
public static class HeaderModifierTranslator
{
    public static HeaderModifierIr Translate(HttpHeaderFilter filter, string field, List<string> problems)
    {
        var actions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var set = Headers(filter.Set, $"{field}.set", actions, problems);
        var add = Headers(filter.Add, $"{field}.add", actions, problems);
        var remove = new List<string>();
        var names = filter.Remove ?? [];
        for (var i = 0; i < names.Count; i++)
        {
            if (!HttpSyntax.IsHeaderName(names[i]))
            {
                problems.Add($"{field}.remove[{i}] \"{names[i]}\" is not a valid HTTP header name");
            }
            else if (Claim(names[i], $"{field}.remove[{i}]", actions, problems))
            {
                remove.Add(names[i]);
            }
        }
        return new HeaderModifierIr { Set = set, Add = add, Remove = remove };
    }

    private static List<HeaderValueIr> Headers(List<HttpHeader>? headers, string field, Dictionary<string, string> actions, List<string> problems)
    {
        var result = new List<HeaderValueIr>();
        for (var i = 0; i < (headers?.Count ?? 0); i++)
        {
            var header = headers![i];
            var valid = Claim(header.Name, $"{field}[{i}].name", actions, problems);
            if (!HttpSyntax.IsHeaderValue(header.Value))
            {
                problems.Add($"{field}[{i}].value of {header.Name} must be 1 to 4096 characters without line breaks or other control characters");
                valid = false;
            }
            if (valid)
            {
                result.Add(new HeaderValueIr { Name = header.Name, Value = header.Value });
            }
        }
        return result;
    }

    /// <summary>Records that the name has an action; false (with a problem said) when it already has one.</summary>
    private static bool Claim(string name, string field, Dictionary<string, string> actions, List<string> problems)
    {
        if (!actions.TryAdd(name, field))
        {
            problems.Add($"{field} names header {name} again, after {actions[name]} (one action per header)");
            return false;
        }
        return true;
    }
}
