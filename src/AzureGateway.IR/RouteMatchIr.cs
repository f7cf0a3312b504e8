namespace AzureGateway.IR;

public sealed record RouteMatchIr
{
    public PathMatchIr Path { get; init; } = new() { Type = PathMatchType.PathPrefix, Value = "/" };
    public EquatableArray<HeaderMatchIr> Headers { get; init; } = EquatableArray<HeaderMatchIr>.Empty;
    public EquatableArray<QueryParamMatchIr> QueryParams { get; init; } = EquatableArray<QueryParamMatchIr>.Empty;

    /// <summary>An HTTP method in upper case, or null for any.</summary>
    public string? Method { get; init; }
}

public enum PathMatchType
{
    Exact,
    PathPrefix,
    RegularExpression,
}

public enum StringMatchType
{
    Exact,
    RegularExpression,
}

public sealed record PathMatchIr
{
    public required PathMatchType Type { get; init; }
    public required string Value { get; init; }
}

/// <summary>Header names are matched case-insensitively; values exactly or by regular expression.</summary>
public sealed record HeaderMatchIr
{
    public required StringMatchType Type { get; init; }
    public required string Name { get; init; }
    public required string Value { get; init; }
}

public sealed record QueryParamMatchIr
{
    public required StringMatchType Type { get; init; }
    public required string Name { get; init; }
    public required string Value { get; init; }
}
