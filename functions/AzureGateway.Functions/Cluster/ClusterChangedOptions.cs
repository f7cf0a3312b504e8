namespace AzureGateway.Functions.Cluster;

/// <summary>Who may send cluster change notices, bound from the <c>ClusterChanged</c> section (app setting <c>ClusterChanged__AllowedClientId</c>).</summary>
public sealed class ClusterChangedOptions
{
    public const string Section = "ClusterChanged";

    /// <summary>
    /// The client id of the gateway's workload identity: the one application whose Entra tokens may send notices.
    /// infra/ sets it together with App Service authentication; unset, every notice is refused and new bindings wait
    /// for the 15-minute reconcile.
    /// </summary>
    public string? AllowedClientId { get; set; }
}
