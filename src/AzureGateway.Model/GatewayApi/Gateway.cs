using k8s.Models;

namespace AzureGateway.Model.GatewayApi;

public sealed class Gateway : KubernetesResource<GatewaySpec>
{
    public GatewayStatus? Status { get; set; }
}

public sealed class GatewaySpec
{
    public string GatewayClassName { get; set; } = "";
    public List<Listener> Listeners { get; set; } = [];
    public List<GatewayAddress>? Addresses { get; set; }
    public GatewayTlsConfig? Tls { get; set; }
    public GatewayInfrastructure? Infrastructure { get; set; }
}

public sealed class Listener
{
    public string Name { get; set; } = "";
    public string? Hostname { get; set; }
    public int Port { get; set; }
    public string Protocol { get; set; } = "";
    public ListenerTlsConfig? Tls { get; set; }
    public AllowedRoutes? AllowedRoutes { get; set; }
}

public sealed class ListenerTlsConfig
{
    /// <summary>Terminate (the default) or Passthrough.</summary>
    public string? Mode { get; set; }
    public List<SecretObjectReference>? CertificateRefs { get; set; }
    public Dictionary<string, string>? Options { get; set; }
}

public sealed class AllowedRoutes
{
    public RouteNamespaces? Namespaces { get; set; }
    public List<RouteGroupKind>? Kinds { get; set; }
}

public sealed class RouteNamespaces
{
    /// <summary>All, Same (the default) or Selector.</summary>
    public string? From { get; set; }
    public V1LabelSelector? Selector { get; set; }
}

public sealed class GatewayAddress
{
    public string? Type { get; set; }
    public string Value { get; set; } = "";
}

/// <summary><c>Gateway.spec.tls</c>: the backend client certificate (GEP-3155) and frontend client validation (GEP-91).</summary>
public sealed class GatewayTlsConfig
{
    public GatewayBackendTls? Backend { get; set; }
    public FrontendTlsConfig? Frontend { get; set; }
}

/// <summary><c>spec.tls.frontend</c>: client validation for every HTTPS listener (<c>default</c>), or by port (<c>perPort</c>).</summary>
public sealed class FrontendTlsConfig
{
    public GatewayListenerTlsConfig Default { get; set; } = new();
    public List<TlsPortConfig>? PerPort { get; set; }
}

public sealed class TlsPortConfig
{
    public int Port { get; set; }
    public GatewayListenerTlsConfig Tls { get; set; } = new();
}

public sealed class GatewayListenerTlsConfig
{
    public FrontendTlsValidation? Validation { get; set; }
}

public sealed class FrontendTlsValidation
{
    public List<ObjectReference> CaCertificateRefs { get; set; } = [];

    /// <summary><c>AllowValidOnly</c> (the default) or <c>AllowInsecureFallback</c>.</summary>
    public string? Mode { get; set; }
}

public sealed class GatewayBackendTls
{
    public SecretObjectReference? ClientCertificateRef { get; set; }
}

/// <summary><c>Gateway.spec.infrastructure</c>: metadata for resources created for the Gateway, and its parameters.</summary>
public sealed class GatewayInfrastructure
{
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public LocalParametersReference? ParametersRef { get; set; }
}

/// <summary>A reference to an object in the Gateway's own namespace holding implementation parameters.</summary>
public sealed class LocalParametersReference
{
    public string Group { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
}
