using System.Diagnostics;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// The machine's <c>openssl</c> command: a client that offers what .NET will not (TLS 1.1, NULL or PSK suites), that
/// reports whether a session was resumed, and that lists the suites a configuration allows.
/// </summary>
internal static class OpenSslClient
{
    /// <summary>
    /// <c>openssl s_client</c> to a loopback port with <paramref name="arguments"/> after the address; its stdin is empty,
    /// so it ends after the handshake. Returns what it wrote, stdout then stderr.
    /// </summary>
    public static Task<string> ConnectAsync(int port, params string[] arguments) =>
        RunAsync(["s_client", "-connect", $"127.0.0.1:{port}", .. arguments]);

    public static async Task<string> RunAsync(IEnumerable<string> arguments, string? opensslConf = null)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (opensslConf is not null)
        {
            start.Environment["OPENSSL_CONF"] = opensslConf;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var waited = new CancellationTokenSource(Wait.Timeout);
        var output = process.StandardOutput.ReadToEndAsync(waited.Token);
        var error = process.StandardError.ReadToEndAsync(waited.Token);
        await process.WaitForExitAsync(waited.Token);
        return await output + await error;
    }
}
