using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.EnvoyGateway;

/// <summary>Envoy Gateway's <c>Backend</c>: endpoints outside Services, with their own TLS settings.</summary>
public sealed class Backend : KubernetesResource<BackendSpec>
{
    public ConditionsStatus? Status { get; set; }
}

public sealed class BackendSpec
{
    public List<BackendEndpoint> Endpoints { get; set; } = [];
    public BackendTlsSettings? Tls { get; set; }
}

public sealed class BackendEndpoint
{
    public FqdnEndpoint? Fqdn { get; set; }
    public IpEndpoint? Ip { get; set; }
}

public sealed class FqdnEndpoint
{
    public string Hostname { get; set; } = "";
    public int Port { get; set; }
}

public sealed class IpEndpoint
{
    public string Address { get; set; } = "";
    public int Port { get; set; }
}

public sealed class BackendTlsSettings
{
    public List<LocalObjectReference>? CaCertificateRefs { get; set; }
    public string? WellKnownCACertificates { get; set; }
    public bool? InsecureSkipVerify { get; set; }
    public string? Sni { get; set; }
    public SecretObjectReference? ClientCertificateRef { get; set; }
    public string? MinVersion { get; set; }
    public string? MaxVersion { get; set; }

    /// <summary>The protocols ALPN offers the endpoints, in order of preference; null leaves the choice to the gateway.</summary>
    public List<string>? AlpnProtocols { get; set; }
}
