using System.CommandLine;
using AzureGateway.Sources.Files;
using AzureGateway.Translation;
using AzureGateway.Translation.Rendering;

namespace AzureGateway.Cli.Commands;

/// <summary>
/// <c>azgw validate --config DIR</c>: translates the folder once and prints every resource's status as YAML.
/// Exit 0 when everything is accepted, 1 when any condition is False, 2 when the folder cannot be read, 3 when a
/// document or file is refused as the API server would refuse it (the rest is still translated and printed).
/// With <c>--show-config</c> it also prints the data-plane configuration the folder translates to, where each
/// backend's TLS settings name the resource that supplied them.
/// </summary>
public sealed class ValidateCommand : Command
{
    public ValidateCommand()
        : base("validate", "Print every resource's status as YAML; exit 0 when all is accepted, 1 when a condition is False, 2 when the input cannot be read, 3 when a document is refused")
    {
        var config = CommonOptions.Config();
        var showConfig = new Option<bool>("--show-config")
        {
            Description = "Also print the data-plane configuration (listeners, routes, clusters and where each backend TLS setting came from)",
        };
        Options.Add(config);
        Options.Add(showConfig);
        SetAction(parseResult => Validate(
            parseResult.GetRequiredValue(config),
            parseResult.GetValue(showConfig),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
    }

    private static int Validate(string directory, bool showConfig, TextWriter output, TextWriter error)
    {
        var (folder, problem) = ManifestFolder.Read(directory);
        if (folder is null)
        {
            error.WriteLine($"azgw: {problem}");
            return ExitCodes.Unreadable;
        }
        var loaded = folder.Load();
        foreach (var warning in loaded.Warnings)
        {
            // A refusal is the line the folder source logs, as an error: a cluster would not take that document.
            error.WriteLine(warning.IsRefusal ? $"azgw: {warning}" : $"warning: {warning}");
        }
        if (loaded.Snapshot is null)
        {
            foreach (var unreadable in loaded.Errors)
            {
                error.WriteLine($"azgw: {unreadable}");
            }
            return ExitCodes.Unreadable;
        }
        var result = new GatewayTranslator(new TranslatorOptions()).Translate(loaded.Snapshot);
        output.Write(TranslationYaml.Statuses(result));
        if (showConfig)
        {
            output.Write("---\n# data-plane configuration (certificates are summarized; PEM and keys are never printed)\n");
            output.Write(TranslationYaml.Ir(result.Ir));
        }
        return loaded.Warnings.Any(w => w.IsRefusal) ? ExitCodes.Refused
            : result.HasProblems ? ExitCodes.Failed
            : ExitCodes.Ok;
    }
}
