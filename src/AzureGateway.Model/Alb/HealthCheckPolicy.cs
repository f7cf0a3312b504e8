using System.Text.Json.Serialization;

namespace AzureGateway.Model.Alb;

/// <summary>
/// Application Gateway for Containers' <c>alb.networking.azure.io/v1</c> HealthCheckPolicy: a Service as target,
/// <c>default</c> settings of the active health probes sent to each of its endpoints, <c>override</c> unsupported.
/// Durations are kept as written (<c>metav1.Duration</c> text) and read by the translator, so that a malformed one is
/// reported on the policy instead of failing the whole load.
/// </summary>
public sealed class HealthCheckPolicy : KubernetesResource<HealthCheckPolicySpec>
{
    public ConditionsStatus? Status { get; set; }
}

public sealed class HealthCheckPolicySpec
{
    public AlbTargetReference TargetRef { get; set; } = new();
    public HealthCheckPolicyConfig? Default { get; set; }
    public HealthCheckPolicyConfig? Override { get; set; }
}

public sealed class HealthCheckPolicyConfig
{
    public string? Interval { get; set; }
    public string? Timeout { get; set; }
    public int? HealthyThreshold { get; set; }
    public int? UnhealthyThreshold { get; set; }

    /// <summary>The port probes go to; the endpoint's own when unset.</summary>
    public int? Port { get; set; }

    /// <summary>Probe over TLS; unset, as the Service when probing its port, else plain text.</summary>
    // AGC spells it useTLS, which camelCase would not give.
    [JsonPropertyName("useTLS")]
    public bool? UseTls { get; set; }

    public HealthCheckPolicyHttp? Http { get; set; }

    /// <summary>A gRPC health check, which this gateway does not send; read so that it can be reported.</summary>
    public HealthCheckPolicyGrpc? Grpc { get; set; }
}

public sealed class HealthCheckPolicyHttp
{
    public string? Host { get; set; }
    public string? Path { get; set; }
    public HealthCheckPolicyMatch? Match { get; set; }
}

public sealed class HealthCheckPolicyMatch
{
    /// <summary>Text the answer's body must contain, which this gateway does not check; kept so that it can be reported.</summary>
    public string? Body { get; set; }

    public List<HealthCheckStatusCodes>? StatusCodes { get; set; }
}

/// <summary>An inclusive range of HTTP status codes.</summary>
public sealed class HealthCheckStatusCodes
{
    public int? Start { get; set; }
    public int? End { get; set; }
}

public sealed class HealthCheckPolicyGrpc
{
    public string? Authority { get; set; }
    public string? Service { get; set; }
}
