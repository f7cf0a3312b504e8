namespace AzureGateway.Infra.Tests;

[Collection(CompiledBicepCollection.Name)]
public sealed class BicepBuildTests(CompiledBicep bicep)
{
    [Fact]
    public void Every_bicep_file_compiles()
    {
        Assert.Empty(bicep.Failures);
        Assert.Equal(bicep.Sources, bicep.Templates.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_compiler_and_the_linter_report_nothing()
    {
        Assert.Empty(bicep.Diagnostics);
    }

    [Fact]
    public void The_entry_point_and_every_module_are_found()
    {
        Assert.Contains("infra/main.bicep", bicep.Sources);
        Assert.Contains("bicep/keyvault.bicep", bicep.Sources);
        Assert.Contains("bicep/eventgrid-subscription.bicep", bicep.Sources);
    }

    [Fact]
    public async Task A_linter_warning_fails_the_build_check()
    {
        // The check reads what bicep prints; a file that breaks a rule the repository's bicepconfig.json makes an error
        // must be reported, or a clean run would prove nothing.
        var folder = Path.Combine(RepositoryFiles.Root, "tests", "AzureGateway.Infra.Tests", "obj", "lint-probe");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "probe.bicep"), "param unused string\n");
        try
        {
            var run = await BicepCli.BuildFolderAsync(RepositoryFiles.Relative(folder), Path.Combine(folder, "out"));

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(run.Diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
