using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.EnvoyGateway;

/// <summary>The part of Envoy Gateway's <c>EnvoyProxy</c> we honour: the fleet-wide backend client TLS.</summary>
public sealed class EnvoyProxy : KubernetesResource<EnvoyProxySpec>
{
}

public sealed class EnvoyProxySpec
{
    public BackendClientTls? BackendTLS { get; set; }
}

/// <summary>Envoy Gateway <c>BackendTLSConfig</c>: the client side of TLS to backends.</summary>
public sealed class BackendClientTls
{
    public SecretObjectReference? ClientCertificateRef { get; set; }
    /// <summary>Auto, 1.2 or 1.3 (1.0 and 1.1 are refused: TLS 1.2 is our floor).</summary>
    public string? MinVersion { get; set; }
    public string? MaxVersion { get; set; }
}
