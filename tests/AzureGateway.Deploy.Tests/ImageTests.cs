using System.Text.RegularExpressions;

namespace AzureGateway.Deploy.Tests;

public sealed partial class ImageTests
{
    [Fact]
    public void TheImageRunsAzgwOnTheAspNetRuntimeAsTheNonRootAppUser()
    {
        var dockerfile = Dockerfile.Read();

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.Instruction("FROM"));
        Assert.Equal("$APP_UID", dockerfile.Instruction("USER"));
        Assert.Equal("""["dotnet", "azgw.dll"]""", dockerfile.Instruction("ENTRYPOINT"));
    }

    [Fact]
    public void TheImageSetsTheRuntimeSettingsTheBenchmarkMeasured()
    {
        var environment = Dockerfile.Read().Environment;

        // GatewayDataPlane makes Kestrel inline too when it sees this one.
        Assert.Equal("1", environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"]);
        Assert.Equal("0x400000", environment["DOTNET_GCgen0size"]);
    }

    [Fact]
    public void TheImageMakesThePublishedCipherProfileOpenSslsDefault()
    {
        // The data plane copies the file beside azgw.dll, which the image publishes to /app.
        Assert.Equal("/app/openssl-intermediate.cnf", Dockerfile.Read().Environment["OPENSSL_CONF"]);
        Assert.True(File.Exists(RepositoryFiles.File("src", "AzureGateway.DataPlane", "openssl-intermediate.cnf")));
    }

    [Fact]
    public void TheBenchmarkTakesItsRuntimeSettingsFromTheDockerfileAlone()
    {
        var benchmark = File.ReadAllText(RepositoryFiles.File("bench", "gateways.py"));

        Assert.Matches(ContainerEnvironmentFromDockerfile(), benchmark);
        // A setting spelt out in the benchmark as well would drift from the image's.
        Assert.All(Dockerfile.Read().Environment.Keys, name => Assert.DoesNotContain($"\"{name}\"", benchmark));
    }

    [GeneratedRegex("""(?m)^DOCKERFILE = Path\(__file__\)\.resolve\(\)\.parent\.parent / "Dockerfile"$[\s\S]*^CONTAINER_ENVIRONMENT = container_environment\(DOCKERFILE\)$""")]
    private static partial Regex ContainerEnvironmentFromDockerfile();
}
