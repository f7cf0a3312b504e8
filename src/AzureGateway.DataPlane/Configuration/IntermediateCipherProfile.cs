using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>
/// The cipher suites of every listener and backend connection that names none of its own: Mozilla's "intermediate"
/// server configuration, TLS 1.2 with ECDHE and AES-GCM or ChaCha20-Poly1305, and the TLS 1.3 suites.
/// </summary>
/// <remarks>
/// The profile is best given by OpenSSL's process-wide configuration, <c>openssl-intermediate.cnf</c> beside the
/// gateway named by <c>OPENSSL_CONF</c> (the image sets it): .NET caches the OpenSSL context (SSL_CTX) of a handshake
/// only when it is given no <see cref="CipherSuitesPolicy"/> (.NET 10 still decides so in
/// <c>Interop.OpenSsl.AllocateSslHandle</c>), and without a cached context no TLS session resumes. Where that
/// configuration is not in force, OpenSSL's default also accepts CBC suites, so the profile is set on each handshake
/// instead: the same suites, at the cost of a full handshake on every connection. Which of the two applies is found
/// at start by offering the platform's defaults a suite outside the profile, over loopback, and logged.
/// </remarks>
internal sealed partial class IntermediateCipherProfile
{
    public const string OpenSslConfigFile = "openssl-intermediate.cnf";

    /// <summary>The profile, in its order of preference; <c>openssl-intermediate.cnf</c> names the same suites.</summary>
    public static readonly IReadOnlyList<TlsCipherSuite> Suites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    // The suites OpenSSL's and .NET's defaults accept beyond the profile, for the probe's ECDSA certificate.
    private static readonly TlsCipherSuite[] Outside =
    [
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    // OpenSSL reads its configuration once per process, so one probe answers for every data plane the process starts.
    [UnsupportedOSPlatform("windows")]
    private static readonly Lazy<Task<bool>> Probe = new(() => Task.Run(DefaultAcceptsOutsideAsync));

    private IntermediateCipherProfile(CipherSuitesPolicy? policy) => Policy = policy;

    /// <summary>
    /// What a handshake that names no suites is given: null where the OpenSSL configuration gives the profile (sessions
    /// resume), else the profile itself (see remarks).
    /// </summary>
    public CipherSuitesPolicy? Policy { get; }

    /// <summary>
    /// Starts the probe in the background, so that its handshake (about a tenth of a second of a start, most of it
    /// OpenSSL's first use) overlaps whatever the process does before its first data plane starts.
    /// </summary>
    public static void StartProbe()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Probe.Value;
        }
    }

    /// <summary>Finds whether the process's OpenSSL configuration gives the profile, and logs the outcome in one line.</summary>
    public static async Task<IntermediateCipherProfile> DetectAsync(ILogger logger, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            Log.CannotRestrict(logger);
            return new IntermediateCipherProfile(null);
        }
        if (!await Probe.Value.WaitAsync(cancellationToken))
        {
            Log.FromOpenSslConfiguration(logger);
            return new IntermediateCipherProfile(null);
        }
        Log.PerHandshake(logger, OpenSslConfigFile);
        return new IntermediateCipherProfile(new CipherSuitesPolicy(Suites));
    }

    /// <summary>Whether a server with the platform's default suites completes a TLS 1.2 handshake with a client offering only CBC suites.</summary>
    [UnsupportedOSPlatform("windows")]
    private static async Task<bool> DefaultAcceptsOutsideAsync()
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = new CertificateRequest("CN=cipher-profile-probe", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(now.AddMinutes(-5), now.AddMinutes(5));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient(AddressFamily.InterNetwork);
        var connecting = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token);
        using var accepted = await listener.AcceptTcpClientAsync(timeout.Token);
        await connecting;
        await using var server = new SslStream(accepted.GetStream());
        await using var probe = new SslStream(client.GetStream());
        var serving = server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        }, timeout.Token);
        var offering = probe.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "cipher-profile-probe",
            EnabledSslProtocols = SslProtocols.Tls12,
            CipherSuitesPolicy = new CipherSuitesPolicy(Outside),
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, timeout.Token);
        try
        {
            await Task.WhenAll(serving, offering);
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information,
            Message = "Default cipher suites: the intermediate profile from the OpenSSL configuration; TLS sessions resume")]
        public static partial void FromOpenSslConfiguration(ILogger logger);

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Default cipher suites: the intermediate profile set on each handshake, because OpenSSL's default accepts CBC suites; " +
                "TLS sessions do not resume. Set OPENSSL_CONF to the {File} beside the gateway to keep the profile and resumption")]
        public static partial void PerHandshake(ILogger logger, string file);

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Default cipher suites: the platform's; cipher suites cannot be restricted on Windows")]
        public static partial void CannotRestrict(ILogger logger);
    }
}
