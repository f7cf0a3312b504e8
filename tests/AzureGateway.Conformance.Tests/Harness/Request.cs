using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>
/// A request to the gateway: to Gateway listener <see cref="Port"/>, with <see cref="Host"/> as its Host header
/// (and as SNI over HTTPS unless <see cref="Sni"/> says otherwise).
/// </summary>
public sealed record Request(string Host, string Path = "/")
{
    public int Port { get; init; } = 80;
    public bool Https { get; init; }
    public string? Sni { get; init; }
    public HttpMethod Method { get; init; } = HttpMethod.Get;
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The certificate presented when the gateway asks for one over HTTPS; none when null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    public Request With(string name, string value) => this with { Headers = [.. Headers, KeyValuePair.Create(name, value)] };

    public HttpRequestMessage ToMessage()
    {
        // The URL's authority is only the Host header: the client connects to the gateway's loopback port whatever it says.
        // With an SNI of its own the client opens TLS itself when it connects (HttpClient would send the Host as SNI),
        // so the URL says http for the TLS connection it is given.
        var scheme = Https && Sni is null ? "https" : "http";
        var message = new HttpRequestMessage(Method, new Uri($"{scheme}://{Host}{Path}"));
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }
}
