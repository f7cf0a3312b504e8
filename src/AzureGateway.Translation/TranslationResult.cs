using System.Collections.Immutable;
using AzureGateway.IR;

namespace AzureGateway.Translation;

/// <summary>What one snapshot translates to: the data-plane configuration and every resource's status.</summary>
public sealed record TranslationResult(GatewayIr Ir, ImmutableArray<ResourceStatus> Statuses)
{
    /// <summary>True when any condition of any resource is False: something the user wrote is not served as written.</summary>
    public bool HasProblems => Statuses.Any(s => s.Conditions().Any(c => c.Status == "False"));
}
