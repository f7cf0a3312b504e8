using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// A rollover of the CA a listener verifies client certificates against, as operators do it, under load: trust old and
/// new CA, move the clients to certificates of the new CA, then trust the new CA only. Each configuration applies from
/// the next handshake, no request fails, and the old certificate is refused at the end.
/// </summary>
[Collection("Counted frontend failures")]
public sealed class ClientCaRolloverTests : IAsyncLifetime
{
    private const string Api = "api.example.com";

    private readonly CertificateAuthority _serverCa = CertificateAuthority.Create("Client Rollover Server CA");
    private readonly CertificateAuthority _oldCa = CertificateAuthority.Create("Client Rollover Old CA");
    private readonly CertificateAuthority _newCa = CertificateAuthority.Create("Client Rollover New CA");
    private readonly CountedFailures _failures = CountedFailures.ClientCertificates();
    private CertificateIr _serverCertificate = null!;
    private EchoServer _backend = null!;

    public async Task InitializeAsync()
    {
        _serverCertificate = TestPki.KeyPair(_serverCa.IssueServer([Api]));
        _backend = await EchoServer.StartAsync(new EchoServerOptions(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _failures.Dispose();
        _serverCa.Dispose();
        _oldCa.Dispose();
        _newCa.Dispose();
    }

    private GatewayIr Serving(params CertificateAuthority[] trusted)
    {
        var listener = Ir.ServerCertificate(Api, _serverCertificate) with
        {
            ClientValidation = new ClientValidationIr
            {
                Mode = ClientCertificateMode.RequireValid,
                TrustedCertificates = trusted.Select(ca => TestPki.Anchor(ca.Certificate)).ToArray(),
            },
            ForwardClientCert = new ForwardClientCertIr { Mode = ForwardClientCertMode.SanitizeSet, Details = new[] { "Subject" } },
        };
        return Ir.Gateway(Ir.HttpsPort(443, [listener], Ir.Host("*", Ir.Route("route", "backend"))), Ir.Cluster("backend", _backend.Port));
    }

    [Fact]
    public async Task Trusting_old_and_new_ca_then_the_new_one_carries_clients_across_with_no_failed_request()
    {
        var oldCertificate = _oldCa.IssueClient("client-old");
        var newCertificate = _newCa.IssueClient("client-new");
        await using var gateway = await TestGateway.StartAsync(Serving(_oldCa));
        var presented = oldCertificate;
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var served = 0;
        // Per sender, the subject the backend was told of, request by request.
        var seen = Enumerable.Range(0, 4).Select(_ => new ConcurrentQueue<string>()).ToArray();
        var senders = seen.Select((subjects, index) => Task.Run(async () =>
        {
            // Half the senders handshake for every request; the others keep a connection per certificate.
            var fresh = index % 2 == 0;
            X509Certificate2? certificate = null;
            TestClient? client = null;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    if (fresh || !ReferenceEquals(certificate, Volatile.Read(ref presented)))
                    {
                        client?.Dispose();
                        certificate = Volatile.Read(ref presented);
                        client = gateway.Client(443, clientCertificate: certificate);
                    }
                    try
                    {
                        var echo = await client!.EchoAsync($"https://{Api}/");
                        subjects.Enqueue(echo.Headers["x-forwarded-client-cert"].Split("Subject=")[1]);
                        Interlocked.Increment(ref served);
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue(e.Message);
                    }
                }
            }
            finally
            {
                client?.Dispose();
            }
        })).ToList();

        // Each step must be served for a while before the next: every sender meets it, with new and pooled connections.
        async Task ServedForAWhile(string step)
        {
            var from = Volatile.Read(ref served);
            await Wait.UntilAsync(() => Volatile.Read(ref served) >= from + 50, step);
        }

        await ServedForAWhile("the old CA alone");
        await gateway.ApplyAsync(Serving(_oldCa, _newCa));
        await ServedForAWhile("old and new CA, clients on the old certificate");
        Volatile.Write(ref presented, newCertificate);
        // Requests are sequential per sender: once one was served with the new certificate, none with the old is in flight.
        await Wait.UntilAsync(() => seen.All(s => s.Count(subject => subject == "\"CN=client-new\"") >= 5), "every sender is on the new certificate");
        await gateway.ApplyAsync(Serving(_newCa));
        await ServedForAWhile("the new CA alone");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.Empty(failures);
        Assert.Empty(_failures.Counted);
        var refused = await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], Api, oldCertificate);
        Assert.Equal(new TlsExchangeResult(true, null, "end of stream"), refused);
        Assert.Equal(new[] { "untrusted_ca/refused" }, _failures.Counted);
    }
}
