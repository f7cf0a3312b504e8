namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>
/// An echo backend of a scenario, reached as the Service <see cref="Name"/> port <see cref="ServicePort"/> in
/// <see cref="Namespace"/>; it answers with its name, so a case can assert which backend answered.
/// <see cref="MutualTls"/> backends speak HTTPS and require the gateway's client certificate.
/// </summary>
public sealed record Backend(string Namespace, string Name, bool MutualTls = false)
{
    public const int ServicePort = 8080;

    /// <summary>The name the backend reports, unique across namespaces.</summary>
    public string Identity => $"{Namespace}/{Name}";
}
