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
        Assert.Equal("1024", environment["DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION"]);
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

    [Fact]
    public void TheImageAndTheBenchmarkPublishAzgwForThePlatformSoItIsPrecompiled()
    {
        // ReadyToRun needs a runtime identifier; the project turns it on whenever one is given.
        var project = File.ReadAllText(RepositoryFiles.File("src", "AzureGateway.Cli", "AzureGateway.Cli.csproj"));
        Assert.Contains("<PublishReadyToRun Condition=\"'$(RuntimeIdentifier)' != ''\">true</PublishReadyToRun>", project);

        var image = PublishArguments().Match(File.ReadAllText(RepositoryFiles.File("Dockerfile")));
        var benchmark = PublishArguments().Match(File.ReadAllText(RepositoryFiles.File("bench", "run")));
        Assert.True(image.Success && benchmark.Success, "both the Dockerfile and bench/run publish azgw");
        Assert.Equal("-c Release --os linux --self-contained false", image.Groups["arguments"].Value);
        Assert.Equal(image.Groups["arguments"].Value, benchmark.Groups["arguments"].Value);
    }

    [GeneratedRegex(@"dotnet publish src/AzureGateway\.Cli\S* (?<arguments>-c Release --os linux --self-contained \w+) -o")]
    private static partial Regex PublishArguments();

    [GeneratedRegex("""(?m)^DOCKERFILE = Path\(__file__\)\.resolve\(\)\.parent\.parent / "Dockerfile"$[\s\S]*^CONTAINER_ENVIRONMENT = container_environment\(DOCKERFILE\)$""")]
    private static partial Regex ContainerEnvironmentFromDockerfile();
}
