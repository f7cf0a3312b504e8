namespace AzureGateway.IR;

/// <summary>
/// What a rule or a backendRef does to the request on its way to a backend and to the answer on its way back,
/// in the order the Gateway API applies it: headers, then the rewrite; mirrors get the request as the backend does.
/// </summary>
public sealed record HttpFiltersIr
{
    public HeaderModifierIr? RequestHeaders { get; init; }
    public HeaderModifierIr? ResponseHeaders { get; init; }
    public UrlRewriteIr? UrlRewrite { get; init; }
    public EquatableArray<MirrorIr> Mirrors { get; init; } = EquatableArray<MirrorIr>.Empty;
}

/// <summary>
/// Header edits, applied as Set, then Add, then Remove. Names compare case-insensitively; Set replaces every
/// value of the header, Add appends one (the header's values are then joined as HTTP allows).
/// </summary>
public sealed record HeaderModifierIr
{
    public EquatableArray<HeaderValueIr> Set { get; init; } = EquatableArray<HeaderValueIr>.Empty;
    public EquatableArray<HeaderValueIr> Add { get; init; } = EquatableArray<HeaderValueIr>.Empty;
    public EquatableArray<string> Remove { get; init; } = EquatableArray<string>.Empty;
}

public sealed record HeaderValueIr
{
    public required string Name { get; init; }
    public required string Value { get; init; }
}
