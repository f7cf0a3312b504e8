namespace AzureGateway.Model.Alb;

/// <summary>
/// Application Gateway for Containers' <c>alb.networking.azure.io/v1</c> RoutePolicy: one HTTPRoute as target,
/// <c>default</c> settings (the route's timeout and session affinity), <c>override</c> unsupported.
/// Durations are kept as written (<c>metav1.Duration</c> text, e.g. <c>3600s</c>) and read by the translator,
/// so that a malformed one is reported on the policy instead of failing the whole load.
/// </summary>
public sealed class RoutePolicy : KubernetesResource<RoutePolicySpec>
{
    public ConditionsStatus? Status { get; set; }
}

public sealed class RoutePolicySpec
{
    public AlbTargetReference TargetRef { get; set; } = new();
    public RoutePolicyConfig? Default { get; set; }
    public RoutePolicyConfig? Override { get; set; }
}

public sealed class RoutePolicyConfig
{
    public RoutePolicyTimeouts? Timeouts { get; set; }
    public RoutePolicySessionAffinity? SessionAffinity { get; set; }
}

public sealed class RoutePolicyTimeouts
{
    /// <summary>The whole request's time limit; <c>0s</c> for none.</summary>
    public string? RouteTimeout { get; set; }
}

public sealed class RoutePolicySessionAffinity
{
    /// <summary><c>application-cookie</c> or <c>managed-cookie</c>.</summary>
    public string? AffinityType { get; set; }
    public string? CookieName { get; set; }
    public string? CookieDuration { get; set; }
}
