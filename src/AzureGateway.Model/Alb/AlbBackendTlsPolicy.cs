using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.Alb;

/// <summary>
/// Application Gateway for Containers' <c>alb.networking.azure.io/v1</c> BackendTLSPolicy: one target,
/// <c>default</c> settings (server verification and the client certificate), <c>override</c> unsupported.
/// </summary>
public sealed class AlbBackendTlsPolicy : KubernetesResource<AlbBackendTlsPolicySpec>
{
    public ConditionsStatus? Status { get; set; }
}

public sealed class AlbBackendTlsPolicySpec
{
    public AlbTargetReference TargetRef { get; set; } = new();
    public AlbBackendTlsPolicyConfig? Default { get; set; }
    public AlbBackendTlsPolicyConfig? Override { get; set; }
}

public sealed class AlbTargetReference
{
    public string? Group { get; set; }
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public List<string>? SectionNames { get; set; }
}

public sealed class AlbBackendTlsPolicyConfig
{
    public string? Sni { get; set; }
    public List<AlbPortReference>? Ports { get; set; }
    public SecretObjectReference? ClientCertificateRef { get; set; }
    public AlbVerify? Verify { get; set; }
}

public sealed class AlbPortReference
{
    public int Port { get; set; }
}

public sealed class AlbVerify
{
    public SecretObjectReference? CaCertificateRef { get; set; }
    public string? SubjectAltName { get; set; }
}
