using System.Net;
using System.Runtime.ExceptionServices;
using AzureGateway.Cli;
using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureGateway.Kubernetes.Tests;

/// <summary>Kubernetes mode run by a test, shared as source with the end-to-end tests.</summary>
public static class KubernetesModeRun
{
    /// <summary>
    /// Runs Kubernetes mode through <paramref name="kubeconfig"/> on loopback ports the OS picks, runs
    /// <paramref name="whileServing"/> once the first configuration is served, then stops it. A failure of
    /// <paramref name="whileServing"/> is raised once the gateway has stopped; nothing served within
    /// <paramref name="patience"/>, an exit code other than 0 or anything written to the error output fails too.
    /// <paramref name="configure"/> adds to the options (binding notices, for instance).
    /// </summary>
    public static async Task ServeAsync(
        string kubeconfig, IReadOnlySet<string> controllerNames, TimeSpan patience, Func<GatewayDataPlane, CancellationToken, Task> whileServing,
        Func<KubernetesModeOptions, KubernetesModeOptions>? configure = null)
    {
        var options = new KubernetesModeOptions { Kubeconfig = kubeconfig, ControllerNames = controllerNames };
        using var timeout = new CancellationTokenSource(patience);
        using var error = new StringWriter();
        ExceptionDispatchInfo? failure = null;
        var served = false;
        var exitCode = await KubernetesMode.ServeAsync(
            configure?.Invoke(options) ?? options,
            new DataPlaneOptions { ListenAddress = IPAddress.Loopback, BindToFreePorts = true },
            NullLoggerFactory.Instance,
            error,
            async (dataPlane, serving) =>
            {
                served = true;
                try
                {
                    await whileServing(dataPlane, serving);
                }
                catch (Exception e)
                {
                    // Stop serving either way; the failure is the test's, raised once the gateway has stopped.
                    failure = ExceptionDispatchInfo.Capture(e);
                }
                return ExitCodes.Ok;
            },
            timeout.Token);
        failure?.Throw();
        Assert.True(served, $"nothing was served within {patience.TotalSeconds} seconds");
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal("", error.ToString());
    }
}
