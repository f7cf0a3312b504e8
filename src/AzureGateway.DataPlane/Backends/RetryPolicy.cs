using System.Collections.Frozen;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// A compiled <see cref="RetryIr"/>: an answer with one of the codes, a backend that could not be reached and, when
/// 504 is one of the codes, a try that ran out of its backend request timeout are tried again, up to
/// <see cref="Attempts"/> more times, waiting <see cref="Backoff"/> between tries.
/// </summary>
internal sealed class RetryPolicy(RetryIr ir)
{
    /// <summary>
    /// The wait between tries when the route names none. The Gateway API leaves it to the implementation; this is
    /// Envoy's default base interval, which Envoy Gateway users moving here already live with.
    /// </summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromMilliseconds(25);

    private readonly FrozenSet<int> _codes = ir.Codes.ToFrozenSet();

    public RetryIr Ir { get; } = ir;

    public int Attempts => Ir.Attempts;

    public TimeSpan Backoff => Ir.Backoff ?? DefaultBackoff;

    public bool RetriesOn(int status) => _codes.Contains(status);

    /// <summary>The route's retry policy, or null when it has none or allows no retry (<c>attempts: 0</c>).</summary>
    public static RetryPolicy? Of(RetryIr? ir) => ir is { Attempts: > 0 } ? new RetryPolicy(ir) : null;
}
