namespace AzureGateway.Model.GatewayApi;

public sealed class GatewayClass : KubernetesResource<GatewayClassSpec>
{
    public GatewayClassStatus? Status { get; set; }
}

public sealed class GatewayClassSpec
{
    public string ControllerName { get; set; } = "";
    public ParametersReference? ParametersRef { get; set; }
    public string? Description { get; set; }
}

public sealed class ParametersReference
{
    public string Group { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
}

/// <summary>A GatewayClass's status: its conditions and the Gateway API features the implementation claims.</summary>
public sealed class GatewayClassStatus
{
    public List<Condition> Conditions { get; set; } = [];

    /// <summary>Sorted by name, as the spec requires.</summary>
    public List<SupportedFeature> SupportedFeatures { get; set; } = [];
}

public sealed class SupportedFeature
{
    public string Name { get; set; } = "";
}
