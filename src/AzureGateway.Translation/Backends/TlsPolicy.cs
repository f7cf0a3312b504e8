using AzureGateway.Certificates;
using AzureGateway.Model;

namespace AzureGateway.Translation.Backends;

internal enum PolicyApi
{
    GatewayApi,
    Alb,
}

/// <summary>
/// A BackendTLSPolicy of either API, judged once per snapshot: the targets it claims, the server validation it
/// supplies (or why it cannot be used), the ALB client certificate, and its own conditions.
/// </summary>
internal sealed record TlsPolicy
{
    public required PolicyApi Api { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required long Generation { get; init; }
    public DateTime? CreationTimestamp { get; init; }

    /// <summary>How messages and provenance name it, e.g. <c>BackendTLSPolicy default/x</c>.</summary>
    public required string Label { get; init; }

    /// <summary>Keys it claims; empty when it attaches to nothing (for example a target it may not reach).</summary>
    public required IReadOnlyList<TargetKey> Targets { get; init; }

    /// <summary>The validation it supplies, or the sentence saying why its targets must answer 500.</summary>
    public required Result<ServerValidation> Validation { get; init; }

    /// <summary>ALB only: the policy's own client certificate, when it names one.</summary>
    public ClientCertificateChoice? ClientCertificate { get; init; }

    public required Condition Accepted { get; init; }
    public required Condition ResolvedRefs { get; init; }

    /// <summary>The label of the policy that won a target this one also claims; null when it won or stood alone.</summary>
    public string? ConflictsWith { get; init; }
}
