using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using AzureGateway.Certificates;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// A TLS 1.3 backend (or what <c>tlsArguments</c> say) served by the machine's <c>openssl s_server</c>, requiring a client certificate issued by one CA.
/// Unlike a .NET server, which closes the connection without a word, OpenSSL refuses a missing or untrusted client
/// certificate with a TLS alert (certificate_required, unknown_ca), and with TLS 1.3 it does so after the client has
/// finished its handshake: the case the gateway must tell from a backend that simply hangs up.
/// </summary>
internal sealed partial class OpenSslBackend : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private OpenSslBackend(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <param name="tlsArguments">The protocol and suite arguments of <c>s_server</c>: TLS 1.3 alone unless given.</param>
    public static async Task<OpenSslBackend> StartAsync(X509Certificate2 serverCertificate, X509Certificate2 clientCa, params string[] tlsArguments)
    {
        var directory = Directory.CreateTempSubdirectory("openssl-backend-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "server.pem"), PemExport.Certificate(serverCertificate));
        await File.WriteAllTextAsync(Path.Combine(directory, "server.key"), PemExport.PrivateKey(serverCertificate));
        await File.WriteAllTextAsync(Path.Combine(directory, "client-ca.pem"), PemExport.Certificate(clientCa));
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] protocol = tlsArguments.Length == 0 ? ["-tls1_3"] : tlsArguments;
        string[] arguments =
        [
            "s_server", "-accept", "127.0.0.1:0", .. protocol, "-cert", "server.pem", "-key", "server.key",
            "-CAfile", "client-ca.pem", "-Verify", "1", "-verify_return_error", "-www",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        // It prints the address it listens on ("ACCEPT 127.0.0.1:41234") once it accepts connections.
        using var waited = new CancellationTokenSource(Wait.Timeout);
        while (await process.StandardOutput.ReadLineAsync(waited.Token) is { } line)
        {
            if (AcceptLine().Match(line) is { Success: true } accept)
            {
                // Its per-connection chatter is not read; draining it keeps the pipe from filling.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return new OpenSslBackend(process, directory, int.Parse(accept.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        throw new InvalidOperationException($"openssl s_server did not start: {await process.StandardError.ReadToEndAsync(waited.Token)}");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"^ACCEPT .*:(?<port>\d+)$")]
    private static partial Regex AcceptLine();
}
