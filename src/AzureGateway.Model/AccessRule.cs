namespace AzureGateway.Model;

/// <summary>
/// One grant of API access: verbs on a resource (or subresource, "gateways/status") of an API group. The gateway
/// and the certificate sync each list the calls they make as these, for the RBAC that grants them to be checked.
/// </summary>
public sealed record AccessRule(string Group, string Resource, IReadOnlyList<string> Verbs);
