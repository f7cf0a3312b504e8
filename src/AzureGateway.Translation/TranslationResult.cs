using System.Collections.Immutable;
using AzureGateway.IR;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation;

/// <summary>What one snapshot translates to: the data-plane configuration and every resource's status.</summary>
public sealed record TranslationResult(GatewayIr Ir, ImmutableArray<ResourceStatus> Statuses)
{
    /// <summary>True when any condition of any resource is False: something the user wrote is not served as written.</summary>
    /// <summary>
    /// When the same snapshot stops translating to this: the first moment a certificate judged here expires or
    /// becomes valid (a served certificate, a CA, a kept listener certificate). Whoever serves the result
    /// translates the snapshot again then, so that an expired certificate is not served until the input changes.
    /// </summary>
    public DateTimeOffset HoldsUntil { get; init; } = DateTimeOffset.MaxValue;

    public bool HasProblems => Statuses.Any(s => s.Conditions().Any(c => c.Status == "False"));
}
