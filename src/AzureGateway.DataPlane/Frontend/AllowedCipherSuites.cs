using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Authentication;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Configuration;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// The cipher suites a listener allows, read from their IANA names, and the TLS versions they leave usable: a list
/// with only TLS 1.3 suites allows TLS 1.3 only, one with only TLS 1.2 suites TLS 1.2 only (.NET refuses a handshake
/// that enables a version the policy has no suite for).
/// </summary>
internal sealed class AllowedCipherSuites
{
    private static readonly FrozenDictionary<string, TlsCipherSuite> ByName =
        Enum.GetNames<TlsCipherSuite>().ToFrozenDictionary(name => name, Enum.Parse<TlsCipherSuite>, StringComparer.Ordinal);

    private AllowedCipherSuites(SslProtocols protocols, CipherSuitesPolicy? policy)
    {
        Protocols = protocols;
        Policy = policy;
    }

    /// <summary>
    /// The gateway's default, TLS 1.2 and 1.3 with the suites of <see cref="IntermediateCipherProfile"/>, which gives the
    /// policy when the OpenSSL configuration does not.
    /// </summary>
    public static AllowedCipherSuites Default { get; } = new(SslProtocols.Tls12 | SslProtocols.Tls13, null);

    public SslProtocols Protocols { get; }

    /// <summary>
    /// The policy a handshake is given; null for the default. Set only when the IR restricts the suites: on Linux, .NET
    /// does not cache the OpenSSL context (SSL_CTX) of a handshake with a <see cref="CipherSuitesPolicy"/>, so clients of
    /// such a listener never resume a TLS session and pay a full handshake on every connection (see
    /// <see cref="IntermediateCipherProfile"/> for how the default avoids that).
    /// </summary>
    public CipherSuitesPolicy? Policy { get; }

    /// <summary>The suites of <paramref name="names"/> in their order of preference, or why they cannot be used (a name .NET does not know).</summary>
    public static Result<AllowedCipherSuites> Parse(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return Result<AllowedCipherSuites>.Ok(Default);
        }
        var unknown = names.Where(name => !ByName.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
        {
            return Result<AllowedCipherSuites>.Fail($"unknown cipher suite {string.Join(", ", unknown)}");
        }
        if (OperatingSystem.IsWindows())
        {
            return Result<AllowedCipherSuites>.Fail("cipher suites cannot be restricted on Windows");
        }
        // TLS 1.3 suites name no key exchange ("TLS_AES_128_GCM_SHA256"); earlier ones do ("TLS_ECDHE_RSA_WITH_...").
        var protocols = (names.Any(name => !name.Contains("_WITH_", StringComparison.Ordinal)) ? SslProtocols.Tls13 : SslProtocols.None)
            | (names.Any(name => name.Contains("_WITH_", StringComparison.Ordinal)) ? SslProtocols.Tls12 : SslProtocols.None);
        return Result<AllowedCipherSuites>.Ok(new AllowedCipherSuites(protocols, new CipherSuitesPolicy(names.Select(name => ByName[name]))));
    }
}
