using System.Text.Json;
using AzureGateway.EchoBackend;

namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>The gateway's answer to one request: status, headers and, when a backend answered, what it saw.</summary>
public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>What the echo backend saw, or null when the answer did not come from one (a redirect, a 404).</summary>
    public EchoResponse? Echo { get; } = Parse(Body);

    /// <summary>Which backend answered (<see cref="Backend.Identity"/>), or null.</summary>
    public string? Backend => Echo?.Name;

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());

    /// <summary>A request header the backend saw, or null when it saw none (or no backend answered).</summary>
    public string? BackendSaw(string name) => Echo?.Headers.GetValueOrDefault(name.ToLowerInvariant());

    public static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(",", g.SelectMany(h => h.Value)), StringComparer.Ordinal);
        return new Answer((int)response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }

    public override string ToString() => $"{Status} from {Backend ?? "the gateway"}: {Body[..Math.Min(Body.Length, 300)]}";

    private static EchoResponse? Parse(string body)
    {
        if (!body.StartsWith('{'))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(body, EchoJsonContext.Default.EchoResponse) is { Name: not null } echo ? echo : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
