namespace AzureGateway.Infra.Tests;

/// <summary>Files of the repository under test, found from where the tests run.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>Every .bicep file of the repository outside build output, relative to the root, in a stable order.</summary>
    public static IReadOnlyList<string> BicepFiles() =>
        Directory.EnumerateFiles(Root, "*.bicep", SearchOption.AllDirectories)
            .Select(Relative)
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or ".git" or "artifacts"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "AzureGateway.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no AzureGateway.sln above {AppContext.BaseDirectory}");
    }
}
