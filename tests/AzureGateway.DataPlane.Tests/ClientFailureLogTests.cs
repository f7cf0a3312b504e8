using System.Runtime.Versioning;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Hostile or broken clients: each refusal leaves one Information line saying what the client did (no stack trace,
/// nothing at Error or Critical from Kestrel), repeats are summarised once per interval, and every event is counted.
/// </summary>
[Collection("Counted frontend failures")]
[UnsupportedOSPlatform("windows")]
public sealed class ClientFailureLogTests : IAsyncLifetime
{
    private const string ServerName = "www.example.com";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Client Failure Test CA");
    private readonly FakeTimeProvider _time = FakeClock.StartingNow();
    private EchoServer _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoServer.StartAsync(
        new EchoServerOptions { ServerCertificate = _ca.IssueServer(["backend.internal"]) }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
    }

    private Task<TestGateway> StartAsync(TimeSpan? handshakeTimeout = null) => TestGateway.StartAsync(
        Ir.Gateway(
            Ir.HttpsPort(443, [Ir.ServerCertificate(null, TestPki.KeyPair(_ca.IssueServer([ServerName])))], Ir.Host("*", Ir.Route("route", "backend"))),
            Ir.Cluster("backend", _backend.Port, Ir.Tls("backend.internal", TestPki.Anchor(_ca.Certificate)))),
        new DataPlaneOptions
        {
            MaxRequestBodyBytes = 100, ClientFailureLogInterval = Interval, TimeProvider = _time,
            FrontendHandshakeTimeout = handshakeTimeout ?? new DataPlaneOptions().FrontendHandshakeTimeout,
        },
        LogLevel.Information);

    private static List<string> ClientLines(TestGateway gateway) => [.. gateway.Logs.Lines.Where(line => line.StartsWith("Information: Client ", StringComparison.Ordinal))];

    private static void AssertNoErrorsOrStackTraces(TestGateway gateway)
    {
        Assert.DoesNotContain(gateway.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Lines, line => line.Contains("\n   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_hellos_offering_only_null_or_psk_suites_leave_one_line_then_a_summary_and_are_counted()
    {
        using var counted = CountedFailures.ClientFailures();
        await using var gateway = await StartAsync();
        var port = gateway.DataPlane.BoundPorts[443];

        // Security level 0 lets OpenSSL's client offer a NULL suite at all.
        await OpenSslClient.ConnectAsync(port, "-servername", ServerName, "-tls1_2", "-cipher", "NULL-SHA256:@SECLEVEL=0");
        await OpenSslClient.ConnectAsync(port, "-servername", ServerName, "-tls1_2", "-cipher", "PSK-AES128-CBC-SHA", "-psk", "1234");
        await OpenSslClient.ConnectAsync(port, "-servername", ServerName, "-tls1_2", "-cipher", "NULL-SHA256:@SECLEVEL=0");
        await Wait.UntilAsync(() => counted.Counted.Count(c => c == "tls_handshake/no_shared_cipher") == 3, "three handshakes were counted");
        _time.Advance(Interval);

        Assert.Equal(
            [
                "Information: Client TLS handshake refused: no_shared_cipher: the client offered none of the listener's cipher suites",
                "Information: Client TLS handshake refused: no_shared_cipher: the client offered none of the listener's cipher suites (2 more times in the last 10 s)",
            ],
            ClientLines(gateway));
        AssertNoErrorsOrStackTraces(gateway);
    }

    [Fact]
    public async Task A_client_that_sends_an_alert_instead_of_a_client_hello_leaves_one_line_and_no_error()
    {
        using var counted = CountedFailures.ClientFailures();
        await using var gateway = await StartAsync();

        // With no suite it may offer (NULL needs security level 0), OpenSSL's client sends an alert and no ClientHello:
        // SslStream then never asks the listener for its settings and fails with NotSupportedException.
        await OpenSslClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "-servername", ServerName, "-tls1_2", "-cipher", "NULL-SHA256");
        // A failure is counted just before its line is written: the line is what is waited for.
        await Wait.UntilAsync(() => ClientLines(gateway).Count > 0, "the refused handshake was logged");

        Assert.Contains("tls_handshake/not_a_client_hello", counted.Counted);
        Assert.Equal(["Information: Client TLS handshake refused: not_a_client_hello: the client sent something other than a TLS ClientHello"], ClientLines(gateway));
        AssertNoErrorsOrStackTraces(gateway);
    }

    [Fact]
    public async Task A_client_that_connects_and_sends_nothing_is_refused_after_the_handshake_timeout_with_one_line()
    {
        using var counted = CountedFailures.ClientFailures();
        await using var gateway = await StartAsync(handshakeTimeout: TimeSpan.FromSeconds(1));
        using var silent = new System.Net.Sockets.TcpClient();
        var connected = System.Diagnostics.Stopwatch.StartNew();

        await silent.ConnectAsync(System.Net.IPAddress.Loopback, gateway.DataPlane.BoundPorts[443]);
        // Waits for this gateway's line, not the count: every data plane in the process counts on the same instrument,
        // and one a test before this disposed may count a handshake it cut short as timed out.
        await Wait.UntilAsync(() => ClientLines(gateway).Count > 0, "the handshake timed out");

        // The setting, not Kestrel's default of 10 s, cut it: the margins are wide for a loaded machine.
        Assert.InRange(connected.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Contains("tls_handshake/timeout", counted.Counted);
        Assert.Equal(["Information: Client TLS handshake refused: timeout: the client did not complete the handshake in time"], ClientLines(gateway));
        AssertNoErrorsOrStackTraces(gateway);
    }

    [Fact]
    public async Task Request_bodies_over_the_limit_leave_one_line_then_a_summary_and_are_counted()
    {
        using var counted = CountedFailures.ClientFailures();
        await using var gateway = await StartAsync();
        using var client = gateway.Client(443);

        for (var i = 0; i < 3; i++)
        {
            using var answer = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"https://{ServerName}/") { Content = new ByteArrayContent(new byte[1000]) });
            Assert.Equal(413, (int)answer.StatusCode);
        }
        _time.Advance(Interval);

        Assert.Equal(3, counted.Counted.Count(c => c == "request_body_too_large/declared_length"));
        Assert.Equal(
            [
                "Information: Client request body too large, answered 413: declared_length: port 443: the request declares a body of 1000 bytes",
                "Information: Client request body too large, answered 413: declared_length: port 443: the request declares a body of 1000 bytes (2 more times in the last 10 s)",
            ],
            ClientLines(gateway));
        AssertNoErrorsOrStackTraces(gateway);
    }

    [Fact]
    public async Task Http2_rapid_reset_connections_leave_one_line_not_one_per_frame_and_count_once_each()
    {
        using var counted = CountedFailures.ClientFailures();
        await using var gateway = await StartAsync();
        var port = gateway.DataPlane.BoundPorts[443];

        var first = await RapidReset.RunAsync(port, ServerName, 5000);
        var second = await RapidReset.RunAsync(port, ServerName, 5000);
        await Wait.UntilAsync(() => counted.Counted.Count(c => c.StartsWith("http2_flood/", StringComparison.Ordinal)) == 2,
            $"both connections were counted ({first}; {second}; counted {string.Join(", ", counted.Counted)})");

        // Kestrel closes a flooding connection at the first of its limits the client reaches, a full output queue or too
        // many resets, so the two connections may be closed for different reasons: each reason met has one line.
        var reasons = counted.Counted.Where(c => c.StartsWith("http2_flood/", StringComparison.Ordinal)).Select(c => c["http2_flood/".Length..]).Distinct().Order().ToList();
        // A failure is counted just before its line is written.
        await Wait.UntilAsync(() => ClientLines(gateway).Count >= reasons.Count, $"a line for each reason ({string.Join(", ", reasons)})");
        Assert.Equal(
            reasons.Select(reason => $"Information: Client HTTP/2 connection closed for flooding: {reason}: the client sent frames faster than it read the answers, or opened and reset streams at once"),
            ClientLines(gateway).Order());
        AssertNoErrorsOrStackTraces(gateway);
    }
}
