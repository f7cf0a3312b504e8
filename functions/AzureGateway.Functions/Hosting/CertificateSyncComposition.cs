using System.Reflection;
using AzureGateway.KeyVault;

namespace AzureGateway.Functions.Hosting;

/// <summary>
/// COMPOSITION POINT for the real <see cref="ICertificateSync"/>: the only place the app chooses its implementation.
/// The implementation, <c>AzureGateway.KeyVault.KeyVaultCertificateSync</c>, is built alongside this app; until it is
/// in the build the app refuses to start rather than run with a stand-in. When it lands, replace the lookup below
/// with its direct registration (and whatever clients it needs, such as its Key Vault and Kubernetes clients).
/// </summary>
internal static class CertificateSyncComposition
{
    public const string ImplementationTypeName = "AzureGateway.KeyVault.KeyVaultCertificateSync";

    /// <summary>Registers the implementation found in <paramref name="keyVaultAssembly"/>; false with a one-line reason when there is none.</summary>
    public static bool TryAddCertificateSync(IServiceCollection services, Assembly keyVaultAssembly, out string? problem)
    {
        var implementation = keyVaultAssembly.GetType(ImplementationTypeName);
        if (implementation is null || !typeof(ICertificateSync).IsAssignableFrom(implementation))
        {
            problem = $"AzureGateway.Functions cannot start: this build has no certificate sync ({ImplementationTypeName} implementing ICertificateSync is missing).";
            return false;
        }
        services.AddSingleton(typeof(ICertificateSync), implementation);
        problem = null;
        return true;
    }
}
