namespace AzureGateway.Translation.Backends;

/// <summary>
/// What a policy targets, or what a backendRef uses: a Service or Envoy Gateway Backend, and a port
/// (<c>Section</c>) or null for the whole object. Service ports are keyed by number, so a Gateway API
/// <c>sectionName</c> (a port name) and an ALB <c>ports[].port</c> for the same port are the same key; a
/// section that names no port of the Service keeps its name, which is never a number and so never matches.
/// </summary>
internal sealed record TargetKey(string Kind, string Namespace, string Name, string? Section)
{
    public const string Service = "Service";
    public const string Backend = "Backend";

    public TargetKey Whole => this with { Section = null };

    /// <summary>True when a policy on this key applies to traffic using <paramref name="use"/>.</summary>
    public bool Covers(TargetKey use) =>
        Kind == use.Kind && Namespace == use.Namespace && Name == use.Name && (Section is null || Section == use.Section);

    public override string ToString() => $"{Kind} {Namespace}/{Name}" + (Section is null ? "" : $" port {Section}");
}
