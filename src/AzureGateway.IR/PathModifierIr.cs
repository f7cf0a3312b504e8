namespace AzureGateway.IR;

public enum PathModifierType
{
    /// <summary>The whole path becomes <c>Value</c>.</summary>
    ReplaceFullPath,

    /// <summary>
    /// The part of the path the route's PathPrefix match matched (<c>MatchedPrefix</c>, whole path elements) becomes
    /// <c>Value</c>; the rest of the path follows it.
    /// </summary>
    ReplacePrefixMatch,
}

/// <summary>How a redirect or a rewrite changes the path; the query string is kept as it came.</summary>
public sealed record PathModifierIr
{
    public required PathModifierType Type { get; init; }
    public required string Value { get; init; }

    /// <summary>For <see cref="PathModifierType.ReplacePrefixMatch"/>: the route's PathPrefix match value.</summary>
    public string? MatchedPrefix { get; init; }
}
