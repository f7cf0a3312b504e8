using System.Text.RegularExpressions;

namespace AzureGateway.Cli.Tests;

/// <summary>The demo leaves its folder to the user; a test is that user.</summary>
internal static partial class DemoFolders
{
    /// <summary>Deletes the folder the demo printed in <paramref name="output"/>, if it printed one.</summary>
    public static void Delete(string output)
    {
        if (DemoFolderPath().Match(output) is { Success: true } folder)
        {
            Directory.Delete(folder.Value, recursive: true);
        }
    }

    [GeneratedRegex(@"\S*azgw-demo-\w+")]
    private static partial Regex DemoFolderPath();
}
