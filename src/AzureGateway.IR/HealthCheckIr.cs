namespace AzureGateway.IR;

/// <summary>
/// Active health probes (AGC HealthCheckPolicy): every <see cref="Interval"/>, an HTTP GET of <see cref="Path"/> with
/// <see cref="Host"/> to each endpoint of the cluster. An endpoint whose answers fall outside
/// <see cref="StatusCodes"/> (or do not come within <see cref="Timeout"/>) <see cref="UnhealthyThreshold"/> times in a
/// row leaves the rotation; <see cref="HealthyThreshold"/> good answers in a row bring it back.
/// </summary>
public sealed record HealthCheckIr
{
    public required TimeSpan Interval { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required int HealthyThreshold { get; init; }
    public required int UnhealthyThreshold { get; init; }

    /// <summary>The port probes go to; null for each endpoint's own.</summary>
    public int? Port { get; init; }

    /// <summary>Probe over TLS, with the cluster's upstream TLS settings (CA, SNI, names, client certificate).</summary>
    public required bool UseTls { get; init; }

    public required string Host { get; init; }
    public required string Path { get; init; }

    /// <summary>The answers that count as healthy, as inclusive ranges.</summary>
    public EquatableArray<StatusCodeRangeIr> StatusCodes { get; init; } = EquatableArray<StatusCodeRangeIr>.Empty;

    /// <summary>The resource the probes come from, for log lines (e.g. <c>HealthCheckPolicy default/web</c>).</summary>
    public required string Source { get; init; }
}

/// <summary>HTTP status codes from <see cref="Start"/> to <see cref="End"/>, both included.</summary>
public sealed record StatusCodeRangeIr(int Start, int End);
