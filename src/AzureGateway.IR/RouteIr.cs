namespace AzureGateway.IR;

/// <summary>
/// One match of one rule of one route. Routes of a virtual host are already in the Gateway API's
/// precedence order; the first whose match holds serves the request.
/// </summary>
public sealed record RouteIr
{
    /// <summary>Stable id, e.g. <c>httproute/default/backend/rule/0/match/0</c>.</summary>
    public required string Name { get; init; }
    public required RouteMatchIr Match { get; init; }

    /// <summary>Weighted clusters; an empty list (or all weights zero) answers 500.</summary>
    public EquatableArray<WeightedClusterIr> Backends { get; init; } = EquatableArray<WeightedClusterIr>.Empty;
}

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

public sealed record WeightedClusterIr
{
    public required string Cluster { get; init; }
    public required int Weight { get; init; }
}
