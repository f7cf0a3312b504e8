namespace AzureGateway.Deploy.Tests;

/// <summary>Files of the repository under test, found from where the tests run.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string DeployFolder => Path.Combine(Root, "deploy");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

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
