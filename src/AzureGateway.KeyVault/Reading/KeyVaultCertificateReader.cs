using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using AzureGateway.Certificates;
using AzureGateway.KeyVault.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureGateway.KeyVault.Reading;

/// <summary>
/// Reads certificates from Key Vault, with one client per vault: the versions of a certificate and the public part
/// of a version through <see cref="CertificateClient"/>, a version with its private key and chain through the
/// certificate's secret (<see cref="SecretClient"/>). Nothing read is logged.
/// </summary>
public sealed class KeyVaultCertificateReader
{
    private readonly ConcurrentDictionary<Uri, CertificateClient> _certificates = new();
    private readonly ConcurrentDictionary<Uri, SecretClient> _secrets = new();
    private readonly Lazy<TokenCredential> _credential;
    private readonly CertificateClientOptions _certificateOptions;
    private readonly SecretClientOptions _secretOptions;

    public KeyVaultCertificateReader(
        TokenCredential credential, CertificateClientOptions? certificateOptions = null, SecretClientOptions? secretOptions = null)
        : this(new Lazy<TokenCredential>(credential), certificateOptions, secretOptions)
    {
    }

    private KeyVaultCertificateReader(
        Lazy<TokenCredential> credential, CertificateClientOptions? certificateOptions, SecretClientOptions? secretOptions)
    {
        _credential = credential;
        _certificateOptions = certificateOptions ?? new CertificateClientOptions();
        _secretOptions = secretOptions ?? new SecretClientOptions();
    }

    /// <summary>
    /// A reader with <see cref="DefaultAzureCredential"/>: a managed identity in Azure (the user-assigned one named
    /// by <c>AZURE_CLIENT_ID</c>), or the developer's <c>az login</c> locally. Its clients retry as
    /// <paramref name="retries"/> says (the defaults when null), logging each retry.
    /// </summary>
    public static KeyVaultCertificateReader ForAzure(CertificateSyncOptions? retries = null, ILogger? logger = null)
    {
        retries ??= new CertificateSyncOptions();
        var certificates = new CertificateClientOptions();
        var secrets = new SecretClientOptions();
        Retrying(certificates, retries, logger);
        Retrying(secrets, retries, logger);
        // Made when a vault is first read: building the credential chain cost 20 to 50 ms of every start, and a
        // folder without Key Vault bindings never reads a vault.
        return new(new Lazy<TokenCredential>(() => new DefaultAzureCredential()), certificates, secrets);
    }

    /// <summary>
    /// Makes a Key Vault client retry its failures (408, 429, 5xx, no connection) <see cref="CertificateSyncOptions.Attempts"/>
    /// times in all, from <see cref="CertificateSyncOptions.FirstRetryDelay"/> with jittered exponential backoff,
    /// logging each retry. The sync leaves Key Vault's failures to this and does not retry them again.
    /// </summary>
    public static void Retrying(ClientOptions options, CertificateSyncOptions retries, ILogger? logger) =>
        options.RetryPolicy = new KeyVaultRetryPolicy(retries.Attempts, retries.FirstRetryDelay, logger ?? NullLogger.Instance);

    /// <summary>The newest version of a certificate that is enabled and valid at a moment, or null when it has none.</summary>
    public async Task<CertificateVersion?> NewestEnabledAsync(KeyVaultCertificateId certificate, DateTimeOffset validAt, CancellationToken cancellationToken)
    {
        CertificateVersion? newest = null;
        await foreach (var properties in Client(certificate).GetPropertiesOfCertificateVersionsAsync(certificate.Name, cancellationToken).ConfigureAwait(false))
        {
            var version = VersionOf(certificate, properties);
            if (version.Enabled && version.NotBefore <= validAt && (newest is null || version.NotBefore > newest.NotBefore))
            {
                newest = version;
            }
        }
        return newest;
    }

    /// <summary>One version of a certificate, named by a versioned id.</summary>
    public async Task<CertificateVersion> VersionAsync(KeyVaultCertificateId version, CancellationToken cancellationToken)
    {
        var response = await Client(version).GetCertificateVersionAsync(version.Name, version.Version, cancellationToken).ConfigureAwait(false);
        return VersionOf(version, response.Value.Properties);
    }

    /// <summary>The public part of a version, as PEM.</summary>
    public async Task<string> PublicPemAsync(CertificateVersion version, CancellationToken cancellationToken)
    {
        var response = await Client(version.Id).GetCertificateVersionAsync(version.Id.Name, version.Version, cancellationToken).ConfigureAwait(false);
        using var certificate = X509CertificateLoader.LoadCertificate(response.Value.Cer);
        return PemExport.Certificate(certificate);
    }

    /// <summary>
    /// A version with its private key and the chain it was issued with, as PEM. This reads the version's secret,
    /// as <see cref="CertificateClient.DownloadCertificateAsync(DownloadCertificateOptions, CancellationToken)"/>
    /// does, but keeps the chain, which that call drops.
    /// </summary>
    public async Task<KeyPairPem> KeyPairAsync(CertificateVersion version, CancellationToken cancellationToken)
    {
        var secret = (await Secrets(version.Id).GetSecretAsync(version.Id.Name, version.Version, cancellationToken).ConfigureAwait(false)).Value;
        return CertificateArchive.Read(secret.Properties.ContentType, secret.Value);
    }

    private CertificateClient Client(KeyVaultCertificateId certificate) =>
        _certificates.GetOrAdd(certificate.VaultUri, vault => new CertificateClient(vault, _credential.Value, _certificateOptions));

    private SecretClient Secrets(KeyVaultCertificateId certificate) =>
        _secrets.GetOrAdd(certificate.VaultUri, vault => new SecretClient(vault, _credential.Value, _secretOptions));

    private static CertificateVersion VersionOf(KeyVaultCertificateId certificate, CertificateProperties properties) => new(
        certificate with { Version = properties.Version },
        properties.Enabled ?? false,
        properties.NotBefore ?? properties.CreatedOn ?? DateTimeOffset.MinValue);
}
