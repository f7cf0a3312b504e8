using Microsoft.Extensions.Configuration;

namespace AzureGateway.Cli.Hosting;

/// <summary>
/// What <c>azgw</c> reads from its environment, read once into the configuration its host is built on: the variables
/// the deployment sets (deploy/, infra/k8s) by their own names, and <c>AZUREGATEWAY_</c> variables as sections, so
/// <c>AZUREGATEWAY_DataPlane__DefaultBackendRequestTimeout=00:00:30</c> is the setting
/// <c>DataPlane:DefaultBackendRequestTimeout</c>. Nothing else in the gateway reads the environment.
/// </summary>
public static class GatewayConfiguration
{
    /// <summary>The prefix of the variables that carry settings by section (<c>AZUREGATEWAY_DataPlane__NAME</c>).</summary>
    public const string SectionPrefix = "AZUREGATEWAY_";

    /// <summary>The functions app's cluster-changed endpoint (<c>--sync-url</c>).</summary>
    public const string SyncUrl = "AZUREGATEWAY_SYNC_URL";

    /// <summary>The Entra application the functions app accepts tokens for (<c>--sync-audience</c>).</summary>
    public const string SyncAudience = "AZUREGATEWAY_SYNC_AUDIENCE";

    /// <summary>The replica's name in the Lease (the downward API's <c>metadata.name</c>).</summary>
    public const string PodName = "POD_NAME";

    /// <summary>Where the Lease lives (the downward API's <c>metadata.namespace</c>).</summary>
    public const string PodNamespace = "POD_NAMESPACE";

    /// <summary>The runtime's own switch for inline socket completions, which Kestrel's follows (the container image sets it).</summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static IConfiguration FromEnvironment() => new ConfigurationBuilder()
        .AddEnvironmentVariables()
        .AddEnvironmentVariables(SectionPrefix)
        .Build();

    /// <summary>The value of <paramref name="name"/>; empty counts as unset, since a manifest may carry a variable with nothing in it.</summary>
    public static string? Setting(this IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value : null;
}
