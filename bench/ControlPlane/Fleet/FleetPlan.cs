namespace AzureGateway.Bench.ControlPlane.Fleet;

/// <summary>
/// How the requested numbers are spread over a fleet that looks like a shared ingress: a few Gateways in one
/// infrastructure namespace, each with one HTTP listener and many HTTPS listeners by hostname; application
/// teams with a namespace each, their Services behind BackendTLSPolicies and their HTTPRoutes.
/// </summary>
/// <remarks>
/// The certificates are about three quarters listener certificates (the Gateway API allows 64 listeners per
/// Gateway, so their number sets how many Gateways there are), one backend client certificate per Gateway, and
/// the rest client certificates of AGC (<c>alb.networking.azure.io</c>) policies on the admin port of some
/// Services.
/// </remarks>
public sealed record FleetPlan
{
    /// <summary>HTTPS listeners per Gateway at most: the Gateway API's 64 listeners, less the HTTP one, rounded down.</summary>
    public const int MaxHttpsListenersPerGateway = 60;

    /// <summary>Services per team namespace.</summary>
    public const int ServicesPerNamespace = 100;

    /// <summary>Every fifth Service has a second, admin, port; its policy names its HTTPS port by sectionName.</summary>
    public const int TwoPortServiceEvery = 5;

    public const string InfrastructureNamespace = "gateway-infra";
    public const string GatewayClassName = "azure-gateway";

    public required int Routes { get; init; }
    public required int Services { get; init; }
    public required int Namespaces { get; init; }
    public required int Gateways { get; init; }

    /// <summary>HTTPS listeners (one certificate each) of each Gateway; the first is the Gateway's wildcard.</summary>
    public required IReadOnlyList<int> HttpsListeners { get; init; }

    /// <summary>AGC policies, each with its own client certificate, on the admin port of the first two-port Services.</summary>
    public required int AlbPolicies { get; init; }

    public int ListenerCertificates => HttpsListeners.Sum();
    public int Certificates => ListenerCertificates + Gateways + AlbPolicies;

    public static FleetPlan For(BenchmarkSettings settings)
    {
        var wantedListeners = (int)Math.Round(settings.Certificates * 0.72);
        var gateways = Math.Max(1, (wantedListeners + MaxHttpsListenersPerGateway - 1) / MaxHttpsListenersPerGateway);
        var listeners = Math.Clamp(wantedListeners, gateways, settings.Certificates - gateways);
        var twoPortServices = (settings.Services + TwoPortServiceEvery - 1) / TwoPortServiceEvery;
        return new FleetPlan
        {
            Routes = settings.Routes,
            Services = settings.Services,
            Namespaces = Math.Max(1, (settings.Services + ServicesPerNamespace - 1) / ServicesPerNamespace),
            Gateways = gateways,
            HttpsListeners = [.. Enumerable.Range(0, gateways).Select(g => listeners / gateways + (g < listeners % gateways ? 1 : 0))],
            AlbPolicies = Math.Min(settings.Certificates - gateways - listeners, twoPortServices),
        };
    }

    public static string Namespace(int team) => $"team-{team:D2}";
    public string NamespaceOfService(int service) => Namespace(service % Namespaces);
    public static string Service(int service) => $"svc-{service:D4}";
    public static bool HasAdminPort(int service) => service % TwoPortServiceEvery == 0;

    /// <summary>Whether the Service's admin port has an AGC policy (and so a client certificate of its own).</summary>
    public bool HasAlbPolicy(int service) => HasAdminPort(service) && service / TwoPortServiceEvery < AlbPolicies;

    public static string Gateway(int gateway) => $"edge-{gateway:D2}";
    public static string GatewayDomain(int gateway) => $"g{gateway:D2}.example.com";
    public static string GatewayClientSecret(int gateway) => $"{Gateway(gateway)}-backend-client";

    /// <summary>The hostname of HTTPS listener <paramref name="listener"/>; listener 0 is the wildcard.</summary>
    public static string ListenerHostname(int gateway, int listener) =>
        listener == 0 ? $"*.{GatewayDomain(gateway)}" : $"app-{listener:D2}.{GatewayDomain(gateway)}";

    public static string ListenerName(int listener) => listener == 0 ? "https-wildcard" : $"https-app-{listener:D2}";
    public static string ListenerSecret(int gateway, int listener) =>
        listener == 0 ? $"{Gateway(gateway)}-wildcard-tls" : $"{Gateway(gateway)}-app-{listener:D2}-tls";

    public static string AlbClientSecret(int service) => $"{Service(service)}-admin-client";
}
