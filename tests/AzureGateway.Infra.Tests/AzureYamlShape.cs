using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// The shape azd's published schema gives azure.yaml (Azure/azure-dev, schemas/v1.0/azure.yaml.json), for the parts
/// this repository uses: the project name, infra, services (host required; project and language; which properties
/// each host allows; docker and k8s options) and hooks (event names, the hook object, per-OS variants). Offline
/// CI cannot fetch the schema, so its rules are written out here. Returns one line per violation.
/// </summary>
internal static partial class AzureYamlShape
{
    private static readonly string[] Hosts = ["appservice", "containerapp", "function", "springapp", "staticwebapp", "aks", "ai.endpoint"];
    private static readonly string[] Languages = ["dotnet", "csharp", "fsharp", "py", "python", "js", "ts", "java", "go", "golang", "docker", "custom"];
    private static readonly string[] CommandHooks =
    [
        "preprovision", "postprovision", "preinfracreate", "postinfracreate", "preinfradelete", "postinfradelete", "predown", "postdown",
        "preup", "postup", "prepackage", "postpackage", "prepublish", "postpublish", "predeploy", "postdeploy", "prerestore", "postrestore",
    ];
    private static readonly string[] ServiceHooks =
        ["predeploy", "postdeploy", "prerestore", "postrestore", "prebuild", "postbuild", "prepackage", "postpackage", "prepublish", "postpublish"];
    private static readonly string[] HookProperties = ["shell", "kind", "dir", "run", "continueOnError", "interactive", "windows", "posix", "secrets", "config"];
    private static readonly string[] DockerProperties = ["path", "context", "platform", "registry", "image", "tag", "buildArgs", "network", "remoteBuild"];
    private static readonly string[] K8sProperties = ["deploymentPath", "namespace", "deployment", "service", "ingress", "helm", "kustomize"];
    private static readonly string[] KustomizeProperties = ["dir", "edits", "env"];

    public static IReadOnlyList<string> Violations(JsonObject document)
    {
        var violations = new List<string>();
        if (document["name"] is not JsonValue name || !ProjectName().IsMatch(name.ToString()))
        {
            violations.Add("name: required, lowercase letters, digits and hyphens, starting and ending with a letter or digit");
        }
        if (document["infra"] is JsonObject infra && infra["provider"] is { } provider && provider.ToString() is not ("bicep" or "terraform"))
        {
            violations.Add($"infra.provider: '{provider}' is not bicep or terraform");
        }
        if (document["services"] is not JsonObject { Count: > 0 } services)
        {
            violations.Add("services: at least one service");
        }
        else
        {
            foreach (var (serviceName, service) in services)
            {
                violations.AddRange(Service(service as JsonObject).Select(v => $"services.{serviceName}.{v}"));
            }
        }
        violations.AddRange(HookSet(document["hooks"], CommandHooks, "hooks"));
        return violations;
    }

    private static IEnumerable<string> Service(JsonObject? service)
    {
        if (service is null)
        {
            yield return "the service is not a mapping";
            yield break;
        }
        var host = service["host"]?.ToString();
        if (host is null)
        {
            yield return "host: required";
        }
        else if (!Hosts.Contains(host))
        {
            yield return $"host: '{host}' is not one azd deploys to";
        }
        if (service["language"] is { } language && !Languages.Contains(language.ToString()))
        {
            yield return $"language: '{language}' is not one azd builds";
        }
        if (service["project"] is { } project && project is not JsonValue)
        {
            yield return "project: must be a path";
        }
        // The schema's per-host rules: what each kind of host requires and forbids.
        string[] forbidden = host switch
        {
            "appservice" or "function" or "springapp" or "staticwebapp" => ["image", "docker", "k8s", "apiVersion", "env"],
            "aks" => ["image", "apiVersion", "env"],
            "containerapp" => ["k8s"],
            _ => [],
        };
        foreach (var property in forbidden.Where(p => service[p] is not null))
        {
            yield return $"{property}: not allowed for host {host}";
        }
        if (host is "appservice" or "function" or "springapp" or "staticwebapp" && service["project"] is null)
        {
            yield return $"project: required for host {host}";
        }
        if (host != "function" && service["remoteBuild"] is not null)
        {
            yield return "remoteBuild: only for host function (docker.remoteBuild is the container one)";
        }
        if (service["docker"] is JsonObject docker)
        {
            foreach (var unknown in Unknown(docker, DockerProperties))
            {
                yield return $"docker.{unknown}: not a docker option";
            }
        }
        if (service["k8s"] is JsonObject k8s)
        {
            foreach (var unknown in Unknown(k8s, K8sProperties))
            {
                yield return $"k8s.{unknown}: not a k8s option";
            }
            if (k8s["kustomize"] is JsonObject kustomize)
            {
                foreach (var unknown in Unknown(kustomize, KustomizeProperties))
                {
                    yield return $"k8s.kustomize.{unknown}: not a kustomize option";
                }
            }
        }
        foreach (var violation in HookSet(service["hooks"], ServiceHooks, "hooks"))
        {
            yield return violation;
        }
    }

    private static IEnumerable<string> HookSet(JsonNode? hooks, string[] events, string path)
    {
        if (hooks is null)
        {
            yield break;
        }
        if (hooks is not JsonObject set)
        {
            yield return $"{path}: must be a mapping of events to hooks";
            yield break;
        }
        foreach (var (name, hook) in set)
        {
            if (!events.Contains(name))
            {
                yield return $"{path}.{name}: not an event azd runs hooks for";
                continue;
            }
            var variants = hook is JsonArray array ? array.ToArray() : [hook];
            foreach (var violation in variants.SelectMany(v => Hook(v as JsonObject, $"{path}.{name}")))
            {
                yield return violation;
            }
        }
    }

    private static IEnumerable<string> Hook(JsonObject? hook, string path)
    {
        if (hook is null)
        {
            yield return $"{path}: a hook is a mapping";
            yield break;
        }
        foreach (var unknown in Unknown(hook, HookProperties))
        {
            yield return $"{path}.{unknown}: not a hook property";
        }
        if (hook["shell"] is { } shell && shell.ToString() is not ("sh" or "pwsh"))
        {
            yield return $"{path}.shell: '{shell}' is not sh or pwsh";
        }
        var perOs = hook["windows"] is not null && hook["posix"] is not null;
        if (perOs && hook["run"] is not null)
        {
            yield return $"{path}: with both windows and posix, run belongs to each of them";
        }
        string[] needRun = ["shell", "kind", "dir", "interactive", "continueOnError", "secrets", "config"];
        if (hook["run"] is null && needRun.Any(p => hook[p] is not null))
        {
            yield return $"{path}.run: required with {string.Join(", ", needRun.Where(p => hook[p] is not null))}";
        }
        if (hook["run"] is null && hook["windows"] is null && hook["posix"] is null)
        {
            yield return $"{path}: runs nothing (no run, windows or posix)";
        }
        foreach (var os in new[] { "windows", "posix" })
        {
            if (hook[os] is { } variant)
            {
                foreach (var violation in Hook(variant as JsonObject, $"{path}.{os}"))
                {
                    yield return violation;
                }
            }
        }
    }

    private static IEnumerable<string> Unknown(JsonObject obj, string[] known) => obj.Select(p => p.Key).Where(k => !known.Contains(k));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex ProjectName();
}
