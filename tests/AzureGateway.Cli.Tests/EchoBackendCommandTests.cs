using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;

namespace AzureGateway.Cli.Tests;

public sealed partial class EchoBackendCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CertificateAuthority _authority = CertificateAuthority.Create("test CA");

    [Fact]
    public async Task AnswersAClientWhoseCertificateTheClientCaIssuedWithWhatItSaw()
    {
        using var server = _authority.IssueServer(["backend.com"]);
        using var client = _authority.IssueClient("echo-client");
        WriteServerCertificate(server);
        File.WriteAllText(_folder.File("ca.crt"), PemExport.Certificate(_authority.Certificate));
        using var stop = new CancellationTokenSource();
        var azgw = new Azgw();
        var running = azgw.InvokeAsync(
            ["echo-backend", "--port", "0", "--cert", _folder.File("tls.crt"), "--key", _folder.File("tls.key"), "--client-ca", _folder.File("ca.crt"), "--name", "orders-v2"],
            stop.Token);

        var port = await ListeningPortAsync(azgw, running);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [client],
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { _authority.Certificate },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        });
        // The handler sends the Host header's name as SNI and checks the server certificate against it.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{port}/")) { Headers = { Host = "backend.com" } };
        using var response = await http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        var body = await response.Content.ReadAsStringAsync();

        var answer = EchoAnswer.Parse(body);
        Assert.NotNull(answer);
        Assert.Equal("CN=echo-client", answer.ClientCertificate?.Subject);
        Assert.Equal("backend.com", answer.ServerName);
        Assert.Contains("\"name\": \"orders-v2\"", body, StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AKeyThatDoesNotMatchItsCertificateExitsTwoWithoutStarting()
    {
        using var server = _authority.IssueServer(["backend.com"]);
        using var other = _authority.IssueServer(["other.com"]);
        File.WriteAllText(_folder.File("tls.crt"), PemExport.Certificate(server));
        File.WriteAllText(_folder.File("tls.key"), PemExport.PrivateKey(other));

        var (exitCode, run) = await Azgw.RunAsync("echo-backend", "--port", "0", "--cert", _folder.File("tls.crt"), "--key", _folder.File("tls.key"));

        Assert.Equal(ExitCodes.Unreadable, exitCode);
        Assert.Equal($"azgw: {_folder.File("tls.crt")}: the private key does not match the certificate", run.Error.Trim());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task AMissingClientCaFileExitsTwoNamingIt()
    {
        using var server = _authority.IssueServer(["backend.com"]);
        WriteServerCertificate(server);
        var missing = _folder.File("missing-ca.crt");

        var (exitCode, run) = await Azgw.RunAsync(
            "echo-backend", "--port", "0", "--cert", _folder.File("tls.crt"), "--key", _folder.File("tls.key"), "--client-ca", missing);

        Assert.Equal(ExitCodes.Unreadable, exitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _folder.Dispose();
    }

    private void WriteServerCertificate(X509Certificate2 server)
    {
        File.WriteAllText(_folder.File("tls.crt"), PemExport.Certificate(server));
        File.WriteAllText(_folder.File("tls.key"), PemExport.PrivateKey(server));
    }

    private static async Task<int> ListeningPortAsync(Azgw azgw, Task<int> running)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !running.IsCompleted)
        {
            if (ListeningLine().Match(azgw.Output) is { Success: true } match)
            {
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"the echo backend did not say where it listens: {azgw.Output}{azgw.Error}");
    }

    [GeneratedRegex(@"https://127\.0\.0\.1:(\d+)/")]
    private static partial Regex ListeningLine();
}
