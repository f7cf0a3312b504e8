using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.EchoBackend;

namespace AzureGateway.Cli.Commands;

/// <summary>
/// <c>azgw echo-backend --port P --cert FILE --key FILE [--client-ca FILE] [--name NAME]</c>: the echo backend on its own, an
/// HTTPS server answering JSON about the TLS it saw, for trying a configuration by hand and for benchmarks.
/// </summary>
public sealed class EchoBackendCommand : Command
{
    public EchoBackendCommand()
        : base("echo-backend", "Run the HTTPS echo backend, which answers JSON describing the TLS it saw; Ctrl+C stops")
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one)", Required = true };
        var cert = new Option<string>("--cert") { Description = "Server certificate (PEM, chain after it)", Required = true };
        var key = new Option<string>("--key") { Description = "Private key of the server certificate (PEM)", Required = true };
        var clientCa = new Option<string>("--client-ca")
        {
            Description = "CA bundle (PEM); when given, clients must present a certificate it issued",
        };
        var name = new Option<string>("--name") { Description = "A name the answers carry, to tell several backends apart" };
        Options.Add(port);
        Options.Add(cert);
        Options.Add(key);
        Options.Add(clientCa);
        Options.Add(name);
        SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(port),
            parseResult.GetRequiredValue(cert),
            parseResult.GetRequiredValue(key),
            parseResult.GetValue(clientCa),
            parseResult.GetValue(name),
            parseResult.InvocationConfiguration,
            cancellationToken));
    }

    private static async Task<int> RunAsync(
        int port, string certFile, string keyFile, string? clientCaFile, string? name, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        var certificate = ReadServerCertificate(certFile, keyFile);
        var clientAuthorities = ReadClientAuthorities(clientCaFile);
        if ((certificate.Error ?? clientAuthorities.Error) is { } error)
        {
            console.Error.WriteLine($"azgw: {error}");
            return ExitCodes.Unreadable;
        }

        await using var server = await EchoServer.StartAsync(
            new EchoServerOptions
            {
                Port = port,
                ServerCertificate = certificate.Value!,
                TrustedClientCertificateAuthorities = clientAuthorities.Value,
                Name = name,
            },
            cancellationToken);
        var clients = clientCaFile is null ? "any client" : $"clients with a certificate issued by {clientCaFile}";
        console.Output.WriteLine($"Echo backend on https://127.0.0.1:{server.Port}/ answering {clients}; Ctrl+C stops");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        return ExitCodes.Ok;
    }

    private static Result<X509Certificate2> ReadServerCertificate(string certFile, string keyFile)
    {
        try
        {
            var loaded = PemCertificates.ReadWithKey(File.ReadAllText(certFile), File.ReadAllText(keyFile));
            return loaded.Succeeded ? loaded : Result<X509Certificate2>.Fail($"{certFile}: {loaded.Error}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<X509Certificate2>.Fail(e.Message);
        }
    }

    private static Result<X509Certificate2Collection?> ReadClientAuthorities(string? bundleFile)
    {
        if (bundleFile is null)
        {
            return Result<X509Certificate2Collection?>.Ok(null);
        }
        try
        {
            var bundle = PemCertificates.ReadBundle(File.ReadAllText(bundleFile));
            return bundle.Succeeded
                ? Result<X509Certificate2Collection?>.Ok([.. bundle.Value!])
                : Result<X509Certificate2Collection?>.Fail($"{bundleFile}: {bundle.Error}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<X509Certificate2Collection?>.Fail(e.Message);
        }
    }
}
