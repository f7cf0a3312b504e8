namespace AzureGateway.Model.GatewayApi;

/// <summary>Gateway API <c>ParentReference</c>: a Gateway (optionally one listener of it) a route attaches to.</summary>
public sealed class ParentReference
{
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string? Namespace { get; set; }
    public string Name { get; set; } = "";
    public string? SectionName { get; set; }
    public int? Port { get; set; }
}

/// <summary>Gateway API <c>SecretObjectReference</c>; group defaults to core and kind to Secret.</summary>
public sealed class SecretObjectReference
{
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
}

/// <summary>Gateway API <c>LocalObjectReference</c>: group, kind and name in the referrer's namespace.</summary>
/// <summary>A reference to an object of any kind, in the referrer's namespace unless <c>namespace</c> says another.</summary>
public sealed class ObjectReference
{
    public string? Group { get; set; }
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
}

public sealed class LocalObjectReference
{
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>Gateway API <c>RouteGroupKind</c>.</summary>
public sealed class RouteGroupKind
{
    public string? Group { get; set; }
    public string Kind { get; set; } = "";
}
