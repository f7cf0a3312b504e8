using System.Collections.Concurrent;
using System.Net;
using AzureGateway.KeyVault.Notifying;
using AzureGateway.KeyVault.Tests.KeyVaultServer;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Model;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AzureGateway.KeyVault.Tests.Notifying;

/// <summary>The gateway's notices to the functions app, received by an in-test HTTP server over a real socket.</summary>
public sealed class SyncNotifierTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<(string? Authorization, string Body)> _received = new();
    private readonly ConcurrentQueue<HttpStatusCode> _answers = new();
    private readonly StaticTokenCredential _credential = new();
    private readonly FakeLogger<SyncNotifier> _logger = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new();
    private LoopbackServer? _functions;
    private Task? _running;

    [Fact]
    public async Task Changes_close_together_make_one_authenticated_notice_naming_each_object()
    {
        var notifier = await StartAsync();

        notifier.Observe(Snapshot("site"), leading: true);
        notifier.Observe(Snapshot("site", "api"), leading: true);

        var (authorization, body) = await NextNoticeAsync();
        Assert.Equal("Bearer test-token", authorization);
        Assert.Equal(["api://azuregateway-sync/.default"], _credential.Scopes);
        Assert.Equal("""{"objects":[{"kind":"Secret","namespace":"web","name":"api"},{"kind":"Secret","namespace":"web","name":"site"}]}""", body);
        await Task.Delay(300);
        Assert.Empty(_received);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Message == "Told the Key Vault sync of 2 changed binding(s): Secret web/api, Secret web/site");
    }

    [Fact]
    public async Task A_replica_that_does_not_lead_sends_nothing_and_once_it_leads_names_every_object_not_yet_filled()
    {
        var notifier = await StartAsync();

        notifier.Observe(Snapshot("site"), leading: false);
        await Task.Delay(300);
        Assert.Empty(_received);
        // The previous leader may have stopped before sending "site": the new one names it too.
        notifier.Observe(Snapshot("site", "api"), leading: true);
        Assert.Equal("""{"objects":[{"kind":"Secret","namespace":"web","name":"api"},{"kind":"Secret","namespace":"web","name":"site"}]}""", (await NextNoticeAsync()).Body);

        // Leading on, only what changed is named.
        notifier.Observe(Snapshot("site", "api", "www"), leading: true);
        Assert.Equal("""{"objects":[{"kind":"Secret","namespace":"web","name":"www"}]}""", (await NextNoticeAsync()).Body);
    }

    [Fact]
    public async Task An_overloaded_app_is_asked_again_and_a_refusal_is_logged_once_without_retrying()
    {
        _answers.Enqueue(HttpStatusCode.ServiceUnavailable);
        _answers.Enqueue(HttpStatusCode.OK);
        var notifier = await StartAsync();

        notifier.Observe(Snapshot("site"), leading: true);
        await NextNoticeAsync();
        await NextNoticeAsync();
        // The line is written once the answer is back, which may be after the server has the request.
        await WaitForAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Message.StartsWith("Told the Key Vault sync of 1", StringComparison.Ordinal)));

        _answers.Enqueue(HttpStatusCode.Forbidden);
        notifier.Observe(Snapshot("site", "api"), leading: true);
        await NextNoticeAsync();
        await WaitForAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Warning));
        await Task.Delay(300);
        Assert.Empty(_received);
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Equal(
            "Could not tell the Key Vault sync of changed bindings (Secret web/api): the functions app answered 403 Forbidden; its reconcile timer will fill them",
            warning.Message);
    }

    private async Task<SyncNotifier> StartAsync()
    {
        _functions = await LoopbackServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _received.Enqueue((context.Request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
            context.Response.StatusCode = (int)(_answers.TryDequeue(out var answer) ? answer : HttpStatusCode.OK);
        });
        var notifier = new SyncNotifier(_http, _credential, new SyncNotifierOptions
        {
            Endpoint = new Uri(_functions.Url, "/api/cluster-changed"),
            Audience = "api://azuregateway-sync",
            CoalesceDelay = TimeSpan.FromMilliseconds(100),
            FirstRetryDelay = TimeSpan.FromMilliseconds(10),
        }, TimeProvider.System, _logger);
        // Every object of the first snapshot is already filled: only what changes after it is news.
        notifier.Observe(ResourceSnapshot.Empty, leading: true);
        _running = notifier.RunAsync(_stop.Token);
        return notifier;
    }

    private async Task<(string? Authorization, string Body)> NextNoticeAsync()
    {
        (string?, string) notice = default;
        await WaitForAsync(() => _received.TryDequeue(out notice));
        return notice;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    private static ResourceSnapshot Snapshot(params string[] secrets) => ResourceSnapshot.From(secrets.Select(name => new V1Secret
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "web",
            Annotations = new Dictionary<string, string> { [KeyVaultAnnotations.Certificate] = "https://vault.vault.azure.net/certificates/site" },
        },
    }));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }
        if (_functions is not null)
        {
            await _functions.DisposeAsync();
        }
        _http.Dispose();
        _stop.Dispose();
    }
}
