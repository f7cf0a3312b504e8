using System.Globalization;

namespace AzureGateway.Model.Validation;

/// <summary>
/// A field an object's CRD schema does not allow: the field's path (<c>spec.rules[3].matches</c>, or
/// <c>spec.rules[*].matches</c> for a rule over all the items of a list) and what is wrong with it.
/// </summary>
public sealed record SchemaViolation(string Field, string Problem)
{
    public override string ToString() => $"{Field} {Problem}";
}

/// <summary>
/// Collects the first schema violation of one object; later checks do nothing once one is found, so an object
/// built to be huge costs no more than the walk up to its first excess. A list is checked before its items.
/// </summary>
internal sealed class SchemaFindings
{
    public SchemaViolation? First { get; private set; }

    /// <summary>True when the list is within its limit, so that its items are worth checking.</summary>
    public bool Items<T>(string field, IReadOnlyCollection<T>? list, int limit) => Count(field, list?.Count ?? 0, limit);

    public bool Count(string field, int count, int limit) =>
        Record(field, count > limit, () => $"has {count} items, more than the {limit} the CRD allows");

    public void Properties<TKey, TValue>(string field, IReadOnlyDictionary<TKey, TValue>? map, int limit)
    {
        var count = map?.Count ?? 0;
        Record(field, count > limit, () => $"has {count} entries, more than the {limit} the CRD allows");
    }

    public bool Length(string field, string? value, int limit)
    {
        var length = value?.Length ?? 0;
        return Record(field, length > limit, () => $"has {length} characters, more than the {limit} the CRD allows");
    }

    /// <summary>A string the CRD limits to a list of values; absent (null) is the CRD's default and passes.</summary>
    public void OneOf(string field, string? value, IReadOnlyList<string> allowed) =>
        Record(field, value is not null && !allowed.Contains(value, StringComparer.Ordinal),
            () => $"is \"{value}\", not one of the values the CRD allows: {string.Join(", ", allowed)}");

    public void OneOf(string field, int? value, IReadOnlyList<int> allowed) =>
        Record(field, value is { } v && !allowed.Contains(v),
            () => $"is {value}, not one of the values the CRD allows: {string.Join(", ", allowed)}");

    public void Range(string field, long? value, long minimum, long maximum) =>
        Record(field, value is { } v && (v < minimum || v > maximum),
            () => string.Create(CultureInfo.InvariantCulture, $"is {value}, outside the {minimum} to {maximum} the CRD allows"));

    /// <summary>
    /// A string the CRD constrains by a pattern, checked after its length so no long value meets a regex. An empty
    /// string is how the models read an absent field, and whether a field is present is not what a pattern says.
    /// </summary>
    public void Matches(string field, string? value, int maxLength, SchemaPattern pattern)
    {
        if (Length(field, value, maxLength))
        {
            Record(field, !string.IsNullOrEmpty(value) && !pattern.IsMatch(value),
                () => $"is \"{value}\", not {pattern.Description} as the CRD requires");
        }
    }

    /// <summary>A CEL rule of the CRD: <paramref name="holds"/> is false when the object breaks it.</summary>
    public void Rule(string field, bool holds, Func<string> problem) => Record(field, !holds, problem);

    private bool Record(string field, bool violated, Func<string> problem)
    {
        if (First is null && violated)
        {
            First = new SchemaViolation(field, problem());
        }
        return First is null;
    }
}
