using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using AzureGateway.KeyVault.Reading;
using AzureGateway.KeyVault.Sync;
using AzureGateway.Certificates;
using AzureGateway.Kubernetes.Tests.ApiServer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AzureGateway.KeyVault.Tests.KeyVaultServer;

/// <summary>
/// A Key Vault for tests, over HTTPS on a free loopback port, speaking the documented REST protocol the
/// certificate client uses: the bearer challenge (401 with <c>WWW-Authenticate</c>) for a request without a
/// token; <c>certificates/{name}</c> (the current version), <c>certificates/{name}/{version}</c>,
/// <c>certificates/{name}/versions</c>; and <c>secrets/{name}/{version}</c>, the version with its private key as
/// a PKCS#12 archive or PEM (key, certificate, chain), as Key Vault keeps it. Errors carry Key Vault's error body.
/// </summary>
public sealed class TestKeyVault : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<StoredVersion>> _certificates = [];
    private readonly X509Certificate2 _serverCertificate;
    private LoopbackServer _server = null!;
    private int _failNext;
    private bool _failAll;
    private int _requests;

    private TestKeyVault(X509Certificate2 serverCertificate) => _serverCertificate = serverCertificate;

    /// <summary>The vault's URL, as a certificate id begins.</summary>
    public Uri Url => _server.Url;

    /// <summary>The issuer of the certificates tests store, so a CA bundle can be checked against it.</summary>
    public CertificateAuthority Issuer { get; } = CertificateAuthority.Create("Test issuing CA");

    /// <summary>Requests answered with something other than the bearer challenge.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TestKeyVault> StartAsync()
    {
        using var tlsIssuer = CertificateAuthority.Create("Test Key Vault TLS");
        var vault = new TestKeyVault(tlsIssuer.IssueServer(["localhost"]));
        vault._server = await LoopbackServer.StartAsync(vault.HandleAsync, vault._serverCertificate);
        return vault;
    }

    /// <summary>
    /// A reader whose real <see cref="CertificateClient"/> and <see cref="SecretClient"/> talk to this vault: a
    /// transport that trusts its TLS certificate, no challenge-resource check (its host is not under
    /// vault.azure.net), and the clients' retries as the sync configures them from <paramref name="retries"/>, or
    /// none without it.
    /// </summary>
    public KeyVaultCertificateReader Reader(TokenCredential credential, CertificateSyncOptions? retries = null, ILogger? logger = null)
    {
        var certificates = new CertificateClientOptions { Transport = Transport(), DisableChallengeResourceVerification = true };
        var secrets = new SecretClientOptions { Transport = Transport(), DisableChallengeResourceVerification = true };
        retries ??= new CertificateSyncOptions { Attempts = 1 };
        KeyVaultCertificateReader.Retrying(certificates, retries, logger);
        KeyVaultCertificateReader.Retrying(secrets, retries, logger);
        return new KeyVaultCertificateReader(credential, certificates, secrets);
    }

    /// <summary>The id of a certificate in this vault, without or with a version.</summary>
    public string IdOf(string name, string? version = null) => $"{Url}certificates/{name}{(version is null ? "" : "/" + version)}";

    /// <summary>
    /// Stores a new version (the current one from now on), kept as PKCS#12 or, with <paramref name="pem"/>, as PEM;
    /// returns its version id.
    /// </summary>
    public string AddVersion(string name, X509Certificate2 certificate, DateTimeOffset notBefore, bool enabled = true, bool pem = false)
    {
        var version = Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            if (!_certificates.TryGetValue(name, out var versions))
            {
                _certificates[name] = versions = [];
            }
            // The chain's public part only: in a Key Vault archive the leaf alone has a key.
            versions.Add(new StoredVersion(version, certificate, [X509CertificateLoader.LoadCertificate(Issuer.Certificate.RawData)], notBefore, DateTimeOffset.UtcNow, pem) { Enabled = enabled });
        }
        return version;
    }

    /// <summary>Issues a client certificate and stores it as a new version.</summary>
    public (string Version, X509Certificate2 Certificate) AddIssuedVersion(string name, DateTimeOffset notBefore, bool enabled = true, bool pem = false)
    {
        var certificate = Issuer.IssueClient(name);
        return (AddVersion(name, certificate, notBefore, enabled, pem), certificate);
    }

    /// <summary>The next <paramref name="count"/> authenticated requests fail with 503.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>Every authenticated request fails with 503 until called again with false.</summary>
    public void FailAll(bool fail) => Volatile.Write(ref _failAll, fail);

    private HttpClientTransport Transport()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || certificate?.GetCertHashString() == _serverCertificate.GetCertHashString();
        return new HttpClientTransport(handler);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Issuer.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate =
                "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"";
            await WriteAsync(context, Error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
            return;
        }
        Interlocked.Increment(ref _requests);
        if (Volatile.Read(ref _failAll) || Interlocked.Decrement(ref _failNext) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await WriteAsync(context, Error("ServiceUnavailable", "The service is unavailable."));
            return;
        }
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        JsonObject? answer;
        lock (_lock)
        {
            answer = segments switch
            {
                ["certificates", var name] => Versions(name)?.LastOrDefault() is { } current ? Bundle(name, current) : null,
                ["certificates", var name, "versions"] => Versions(name) is { } versions
                    ? new JsonObject { ["value"] = new JsonArray([.. versions.Select(v => (JsonNode)Properties(name, v))]), ["nextLink"] = null }
                    : null,
                ["certificates", var name, var version] => Find(name, version) is { } found ? Bundle(name, found) : null,
                ["secrets", var name, var version] => Find(name, version) is { } found ? Secret(name, found) : null,
                _ => null,
            };
        }
        if (answer is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            answer = Error("CertificateNotFound", $"A certificate with (name/id) {context.Request.Path} was not found in this key vault.");
        }
        await WriteAsync(context, answer);
    }

    private List<StoredVersion>? Versions(string name) => _certificates.GetValueOrDefault(name);

    private StoredVersion? Find(string name, string version) => Versions(name)?.FirstOrDefault(v => v.Version == version);

    private JsonObject Properties(string name, StoredVersion version) => new()
    {
        ["id"] = IdOf(name, version.Version),
        ["x5t"] = Base64Url(version.Certificate.GetCertHash()),
        ["attributes"] = new JsonObject
        {
            ["enabled"] = version.Enabled,
            ["nbf"] = version.NotBefore.ToUnixTimeSeconds(),
            ["exp"] = new DateTimeOffset(version.Certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(),
            ["created"] = version.Created.ToUnixTimeSeconds(),
            ["updated"] = version.Created.ToUnixTimeSeconds(),
            ["recoveryLevel"] = "Recoverable+Purgeable",
        },
        ["tags"] = new JsonObject(),
    };

    private JsonObject Bundle(string name, StoredVersion version)
    {
        var bundle = Properties(name, version);
        bundle["kid"] = $"{Url}keys/{name}/{version.Version}";
        bundle["sid"] = $"{Url}secrets/{name}/{version.Version}";
        bundle["cer"] = Convert.ToBase64String(version.Certificate.RawData);
        return bundle;
    }

    private JsonObject Secret(string name, StoredVersion version)
    {
        string value;
        if (version.Pem)
        {
            // Key Vault's PEM: the private key, then the certificate and its chain.
            value = PemExport.PrivateKey(version.Certificate) + PemExport.CertificateWithChain(version.Certificate, version.Chain);
        }
        else
        {
            var archive = new X509Certificate2Collection(version.Chain);
            archive.Add(version.Certificate);
            value = Convert.ToBase64String(archive.Export(X509ContentType.Pkcs12)!);
        }
        return new JsonObject
        {
            ["value"] = value,
            ["contentType"] = version.Pem ? "application/x-pem-file" : "application/x-pkcs12",
            ["id"] = $"{Url}secrets/{name}/{version.Version}",
            ["kid"] = $"{Url}keys/{name}/{version.Version}",
            ["managed"] = true,
            ["attributes"] = new JsonObject { ["enabled"] = version.Enabled, ["created"] = version.Created.ToUnixTimeSeconds() },
        };
    }

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task WriteAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
