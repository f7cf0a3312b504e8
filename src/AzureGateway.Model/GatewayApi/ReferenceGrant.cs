namespace AzureGateway.Model.GatewayApi;

public sealed class ReferenceGrant : KubernetesResource<ReferenceGrantSpec>
{
}

public sealed class ReferenceGrantSpec
{
    public List<ReferenceGrantFrom> From { get; set; } = [];
    public List<ReferenceGrantTo> To { get; set; } = [];
}

public sealed class ReferenceGrantFrom
{
    public string Group { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Namespace { get; set; } = "";
}

public sealed class ReferenceGrantTo
{
    public string Group { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Name { get; set; }
}
