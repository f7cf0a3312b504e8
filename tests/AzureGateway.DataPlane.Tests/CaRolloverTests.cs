using System.Collections.Concurrent;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// A backend CA rollover as operators do it, under load: trust old and new CA, move the backend to a certificate of
/// the new CA, then trust the new CA only. No request may fail at any step.
/// </summary>
public sealed class CaRolloverTests : IAsyncLifetime
{
    private const string BackendName = "backend.internal";

    private readonly CertificateAuthority _oldCa = CertificateAuthority.Create("Rollover Old CA");
    private readonly CertificateAuthority _newCa = CertificateAuthority.Create("Rollover New CA");
    private readonly CertificateAuthority _clientCa = CertificateAuthority.Create("Rollover Client CA");
    private EchoServer _oldBackend = null!;
    private EchoServer _newBackend = null!;

    public async Task InitializeAsync()
    {
        _oldBackend = await StartBackendAsync(_oldCa);
        _newBackend = await StartBackendAsync(_newCa);
    }

    public async Task DisposeAsync()
    {
        await _oldBackend.DisposeAsync();
        await _newBackend.DisposeAsync();
        _oldCa.Dispose();
        _newCa.Dispose();
        _clientCa.Dispose();
    }

    private Task<EchoServer> StartBackendAsync(CertificateAuthority issuer) => EchoServer.StartAsync(new EchoServerOptions
    {
        ServerCertificate = issuer.IssueServer([BackendName]),
        TrustedClientCertificateAuthorities = [_clientCa.Certificate],
    }, CancellationToken.None);

    private GatewayIr Serving(EchoServer backend, CertificateIr client, params CertificateAuthority[] trusted) => new()
    {
        Ports = new[] { Ir.HttpPort(80, Ir.Host("*", Ir.Route("route", "backend"))) },
        Clusters = new[]
        {
            Ir.Cluster("backend", backend.Port, Ir.Tls(BackendName, TestPki.Anchor(trusted[0].Certificate), client) with
            {
                TrustedCertificates = trusted.Select(ca => TestPki.Anchor(ca.Certificate)).ToArray(),
            }),
        },
    };

    [Fact]
    public async Task A_bundle_of_old_and_new_ca_carries_the_backend_across_its_rollover_with_no_failed_request()
    {
        var client = TestPki.KeyPair(_clientCa.IssueClient("gateway"));
        await using var gateway = await TestGateway.StartAsync(Serving(_oldBackend, client, _oldCa));
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var served = 0;
        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var sender = gateway.Client(80);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await sender.EchoAsync("http://example.com/");
                    Interlocked.Increment(ref served);
                }
                catch (Exception e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        })).ToList();

        // Each step must be served for a while before the next: every sender's pooled connection meets it.
        async Task ServedForAWhile(string step)
        {
            var from = Volatile.Read(ref served);
            await Wait.UntilAsync(() => Volatile.Read(ref served) >= from + 50, step);
        }

        await ServedForAWhile("the old CA alone");
        await gateway.ApplyAsync(Serving(_oldBackend, client, _oldCa, _newCa));
        await ServedForAWhile("old and new CA, backend on the old certificate");
        await gateway.ApplyAsync(Serving(_newBackend, client, _oldCa, _newCa));
        await Wait.UntilAsync(() => _newBackend.ConnectionCount > 0, "the backend on the new certificate is reached");
        await ServedForAWhile("old and new CA, backend on the new certificate");
        await gateway.ApplyAsync(Serving(_newBackend, client, _newCa));
        await ServedForAWhile("the new CA alone");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.Empty(failures);
    }
}
