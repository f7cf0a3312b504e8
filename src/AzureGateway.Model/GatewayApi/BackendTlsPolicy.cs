namespace AzureGateway.Model.GatewayApi;

/// <summary><c>gateway.networking.k8s.io/v1</c> BackendTLSPolicy (GEP-1897).</summary>
public sealed class BackendTlsPolicy : KubernetesResource<BackendTlsPolicySpec>
{
    public PolicyStatus? Status { get; set; }
}

public sealed class BackendTlsPolicySpec
{
    public List<PolicyTargetReferenceWithSectionName> TargetRefs { get; set; } = [];
    public BackendTlsPolicyValidation Validation { get; set; } = new();
    public Dictionary<string, string>? Options { get; set; }
}

public sealed class PolicyTargetReferenceWithSectionName
{
    public string Group { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? SectionName { get; set; }
}

public sealed class BackendTlsPolicyValidation
{
    public List<LocalObjectReference>? CaCertificateRefs { get; set; }
    public string? WellKnownCACertificates { get; set; }
    public string Hostname { get; set; } = "";
    public List<SubjectAltName>? SubjectAltNames { get; set; }
}

public sealed class SubjectAltName
{
    /// <summary>Hostname or URI.</summary>
    public string Type { get; set; } = "";
    public string? Hostname { get; set; }
    public string? Uri { get; set; }
}
