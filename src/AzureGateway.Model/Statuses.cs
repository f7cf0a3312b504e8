using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model;

/// <summary>A status made of conditions only (GatewayClass, the ALB policy, the Envoy Gateway Backend).</summary>
public sealed class ConditionsStatus
{
    public List<Condition> Conditions { get; set; } = [];
}

public sealed class GatewayStatus
{
    public List<GatewayStatusAddress>? Addresses { get; set; }
    public List<Condition> Conditions { get; set; } = [];
    public List<ListenerStatus> Listeners { get; set; } = [];
}

public sealed class GatewayStatusAddress
{
    public string? Type { get; set; }
    public string Value { get; set; } = "";
}

public sealed class ListenerStatus
{
    public string Name { get; set; } = "";
    public List<RouteGroupKind> SupportedKinds { get; set; } = [];
    public int AttachedRoutes { get; set; }
    public List<Condition> Conditions { get; set; } = [];
}

/// <summary>Route status: one entry per parent (Gateway or listener) this controller handles.</summary>
public sealed class RouteStatus
{
    public List<RouteParentStatus> Parents { get; set; } = [];
}

public sealed class RouteParentStatus
{
    public ParentReference ParentRef { get; set; } = new();
    public string ControllerName { get; set; } = "";
    public List<Condition> Conditions { get; set; } = [];
}

/// <summary>Gateway API <c>PolicyStatus</c>: one entry per ancestor (the Gateway) the policy affects.</summary>
public sealed class PolicyStatus
{
    public List<PolicyAncestorStatus> Ancestors { get; set; } = [];
}

public sealed class PolicyAncestorStatus
{
    public ParentReference AncestorRef { get; set; } = new();
    public string ControllerName { get; set; } = "";
    public List<Condition> Conditions { get; set; } = [];
}
