using AzureGateway.IR;
using AzureGateway.Model.Alb;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Policies;

/// <summary>
/// What a HealthCheckPolicy's <c>spec.default</c> asks for, with AGC's default probe values for what it leaves out
/// (every 5 s, 30 s to answer, healthy after 1 good answer, unhealthy after 3 bad ones, <c>GET /</c> with Host
/// <c>localhost</c>), and answers 200-399 healthy when it lists no status codes. The problems that keep it from
/// being used carry their AGC reason; <see cref="Note"/> names what is read but not honoured.
/// </summary>
internal sealed record HealthCheckSettings(
    TimeSpan Interval, TimeSpan Timeout, int HealthyThreshold, int UnhealthyThreshold, int? Port, bool? UseTls,
    string Host, string Path, IReadOnlyList<StatusCodeRangeIr> StatusCodes, (string Reason, string Message)? Problem, string? Note)
{
    private const string Field = "spec.default";

    public static HealthCheckSettings Read(HealthCheckPolicyConfig config)
    {
        var problems = new List<(string Reason, string Message)>();
        var interval = Duration($"{Field}.interval", config.Interval, TimeSpan.FromSeconds(5), problems);
        var timeout = Duration($"{Field}.timeout", config.Timeout, TimeSpan.FromSeconds(30), problems);
        // Thresholds under 1 and ports outside 1-65535 are refused when the policy is read (the CRD's ranges).
        var healthy = config.HealthyThreshold ?? 1;
        var unhealthy = config.UnhealthyThreshold ?? 3;
        if (config.Grpc is not null)
        {
            problems.Add((AlbPolicyReasons.InvalidHealthCheckPolicy,
                $"{Field}.grpc: gRPC health checks are not supported by this gateway, which does not serve gRPC; probe an HTTP path with {Field}.http"));
        }
        var http = config.Http;
        var host = string.IsNullOrEmpty(http?.Host) ? "localhost" : http.Host;
        if (host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '@'))
        {
            problems.Add((AlbPolicyReasons.InvalidHealthCheckPolicy, $"{Field}.http.host: \"{host}\" is not a host name"));
        }
        var path = string.IsNullOrEmpty(http?.Path) ? "/" : http.Path;
        if (path[0] != '/' || path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add((AlbPolicyReasons.InvalidHealthCheckPolicy, $"{Field}.http.path: \"{path}\" must be an absolute path, starting with /"));
        }
        var codes = StatusCodeRanges(http?.Match?.StatusCodes, problems);
        var note = http?.Match?.Body is null ? null : $"{Field}.http.match.body is not checked: only the status code decides";
        return new HealthCheckSettings(interval, timeout, healthy, unhealthy, config.Port, config.UseTls, host, path, codes,
            problems.Count == 0 ? null : (problems[0].Reason, Wording.Sentence([.. problems.Select(p => p.Message)])), note);
    }

    private static IReadOnlyList<StatusCodeRangeIr> StatusCodeRanges(List<HealthCheckStatusCodes>? ranges, List<(string, string)> problems)
    {
        if (ranges is null or { Count: 0 })
        {
            return [new StatusCodeRangeIr(200, 399)];
        }
        var codes = new List<StatusCodeRangeIr>();
        for (var i = 0; i < ranges.Count; i++)
        {
            var (start, end) = (ranges[i].Start, ranges[i].End ?? ranges[i].Start);
            if (start is not (>= 100 and <= 599) || end is not (>= 100 and <= 599) || start > end)
            {
                problems.Add((AlbPolicyReasons.UnsupportedStatusCodes,
                    $"{Field}.http.match.statusCodes[{i}]: {start?.ToString() ?? "(no start)"}-{end?.ToString() ?? "(no end)"} is not a range of HTTP status codes (100-599, start not after end)"));
                continue;
            }
            codes.Add(new StatusCodeRangeIr(start.Value, end!.Value));
        }
        return codes;
    }

    private static TimeSpan Duration(string field, string? text, TimeSpan unset, List<(string, string)> problems)
    {
        if (text is null)
        {
            return unset;
        }
        var parsed = MetaDuration.Parse(text);
        if (parsed is not { Ticks: > 0 })
        {
            problems.Add((AlbPolicyReasons.InvalidHealthCheckPolicy,
                parsed is null ? $"{field}: \"{text}\" is not a duration (write it as 5s or 1m30s)" : $"{field}: \"{text}\" must be longer than zero"));
            return unset;
        }
        return parsed.Value;
    }
}
