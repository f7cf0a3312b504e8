using AzureGateway.Cli.Demo;

namespace AzureGateway.EndToEnd.Tests;

/// <summary>
/// The names the end-to-end scenarios share: the demo's AGC backend-mTLS manifests, whose gateway presents the client
/// certificate Secret bound to a Key Vault certificate, and the gateway identity the functions app accepts notices from.
/// </summary>
internal static class Scenario
{
    public const string Namespace = DemoFolder.Namespace;
    public const string ClientSecret = "gateway-client-cert";
    public const string CertificateName = "gateway-client";
    public const string Host = "frontend.com";
    public const string GatewayIdentity = "6d1f3c2a-7b8e-4f90-a1b2-c3d4e5f60718";

    /// <summary>When the first version of the certificate starts to be valid.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
