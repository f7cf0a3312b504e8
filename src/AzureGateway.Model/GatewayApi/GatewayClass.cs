namespace AzureGateway.Model.GatewayApi;

public sealed class GatewayClass : KubernetesResource<GatewayClassSpec>
{
    public ConditionsStatus? Status { get; set; }
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
