using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.Alb;

/// <summary>
/// Application Gateway for Containers' <c>alb.networking.azure.io/v1</c> FrontendTLSPolicy: a Gateway (or some of its
/// listeners by <c>sectionNames</c>) as target, <c>default</c> settings (client verification and the predefined TLS
/// policy), <c>override</c> unsupported.
/// </summary>
public sealed class FrontendTlsPolicy : KubernetesResource<FrontendTlsPolicySpec>
{
    public ConditionsStatus? Status { get; set; }
}

public sealed class FrontendTlsPolicySpec
{
    public AlbTargetReference TargetRef { get; set; } = new();
    public FrontendTlsPolicyConfig? Default { get; set; }
    public FrontendTlsPolicyConfig? Override { get; set; }
}

public sealed class FrontendTlsPolicyConfig
{
    public FrontendTlsPolicyVerify? Verify { get; set; }
    public FrontendTlsPolicyType? PolicyType { get; set; }
}

public sealed class FrontendTlsPolicyVerify
{
    public SecretObjectReference? CaCertificateRef { get; set; }

    /// <summary>Names of which the client certificate must carry one.</summary>
    public List<string>? SubjectAltNames { get; set; }
}

public sealed class FrontendTlsPolicyType
{
    /// <summary><c>predefined</c>, the only type.</summary>
    public string? Type { get; set; }

    /// <summary><c>2023-06</c> (AGC's default) or <c>2023-06-S</c> (strict).</summary>
    public string? Name { get; set; }
}
