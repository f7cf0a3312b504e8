using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.EchoBackend;

/// <summary>
/// What a request asks of the echo backend through its <c>x-echo-*</c> headers, so that a test can make a backend
/// slow, failing or chatty without configuring it (README.md lists them). Values that do not parse are ignored:
/// the backend answers as usual.
/// </summary>
internal sealed record EchoDirectives
{
    public const string StatusHeader = "x-echo-status";
    public const string StatusTimesHeader = "x-echo-status-times";
    public const string RequestIdHeader = "x-echo-request-id";
    public const string DelayHeader = "x-echo-delay-ms";
    public const string SetHeaderHeader = "x-echo-set-header";

    /// <summary>The status to answer with instead of 200, if any.</summary>
    public int? StatusCode { get; init; }

    /// <summary>With <see cref="StatusCode"/>: how many attempts of the same request id get it; null for all.</summary>
    public int? StatusTimes { get; init; }

    public string? Id { get; init; }

    public TimeSpan Delay { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; init; } = [];

    public static EchoDirectives From(IHeaderDictionary headers) => new()
    {
        StatusCode = Number(headers[StatusHeader]) is >= 200 and <= 599 and var code ? code : null,
        StatusTimes = Number(headers[StatusTimesHeader]) is >= 0 and var times ? times : null,
        Id = headers[RequestIdHeader] is { Count: > 0 } id ? id.ToString() : null,
        Delay = Number(headers[DelayHeader]) is > 0 and var delay ? TimeSpan.FromMilliseconds(delay) : TimeSpan.Zero,
        ResponseHeaders = [.. headers[SetHeaderHeader].SelectMany(ParseHeaders)],
    };

    /// <summary>The status of attempt <paramref name="attempt"/> (from 1) of this request.</summary>
    public int StatusFor(int attempt) =>
        StatusCode is { } code && (StatusTimes is not { } times || attempt <= times) ? code : StatusCodes.Status200OK;

    private static int? Number(Microsoft.Extensions.Primitives.StringValues value) =>
        int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>"name: value", several separated by commas (a client joins repeated headers that way).</summary>
    private static IEnumerable<KeyValuePair<string, string>> ParseHeaders(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts is [{ Length: > 0 }, _])
            .Select(parts => KeyValuePair.Create(parts[0], parts[1]));
}
