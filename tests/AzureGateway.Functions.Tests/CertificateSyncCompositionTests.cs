using AzureGateway.Functions.Hosting;
using AzureGateway.KeyVault;
using Microsoft.Extensions.DependencyInjection;

namespace AzureGateway.Functions.Tests;

public sealed class CertificateSyncCompositionTests
{
    [Fact]
    public void Without_the_sync_implementation_the_app_refuses_to_start_with_one_line_naming_it()
    {
        var services = new ServiceCollection();

        var added = CertificateSyncComposition.TryAddCertificateSync(services, typeof(object).Assembly, out var problem);

        Assert.False(added);
        Assert.NotNull(problem);
        Assert.Contains(CertificateSyncComposition.ImplementationTypeName, problem);
        Assert.DoesNotContain('\n', problem);
        Assert.DoesNotContain(services, s => s.ServiceType == typeof(ICertificateSync));
    }
}
