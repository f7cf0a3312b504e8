using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Tests.Infrastructure;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// The second golden stage: <c>testdata/&lt;case&gt;.ir.yaml</c> (an IR, as the translation renders it) compiled by
/// the data plane and rendered as <c>&lt;case&gt;.compiled.yaml</c>, so a change to the data plane's routing, filters,
/// limits or retry reads as a diff. Set <c>UPDATE_GOLDEN=1</c> to rewrite the <c>.compiled.yaml</c> files.
/// </summary>
public sealed class CompiledConfigGoldenTests
{
    private static string TestData => Path.Combine(AppContext.BaseDirectory, "testdata");

    private static string SourceTestData => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "testdata"));

    public static IEnumerable<object[]> Cases() =>
        Directory.EnumerateFiles(TestData, "*.ir.yaml")
            .Select(f => Path.GetFileName(f)[..^".ir.yaml".Length])
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_configuration_matches_its_golden_file(string name)
    {
        var ir = IrYaml.Read(File.ReadAllText(Path.Combine(TestData, name + ".ir.yaml")));

        var compiled = CompiledConfigYaml.Render(ir, new DataPlaneOptions());

        var golden = Path.Combine(TestData, name + ".compiled.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceTestData, name + ".compiled.yaml"), compiled);
            return;
        }
        Assert.True(File.Exists(golden), $"{name}.compiled.yaml is missing; run with UPDATE_GOLDEN=1 to write it");
        Assert.Equal(File.ReadAllText(golden), compiled);
    }
}
