using System.Net;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Cli.Demo;

namespace AzureGateway.EndToEnd.Tests;

/// <summary>
/// Senders that each GET one virtual host through a gateway port, one request after another on their own
/// connections, until stopped, keeping what the backend answered to every request.
/// </summary>
public sealed class RequestLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Sender> _senders;
    private readonly Task[] _running;

    private RequestLoad(int senders, int port, X509Certificate2 trustedAuthority, string host)
    {
        _senders = [.. Enumerable.Range(0, senders).Select(_ => new Sender(port, trustedAuthority, host))];
        _running = [.. _senders.Select(s => Task.Run(() => s.RunAsync(_stop.Token)))];
    }

    public static RequestLoad Start(int senders, int port, X509Certificate2 trustedAuthority, string host) =>
        new(senders, port, trustedAuthority, host);

    /// <summary>Each sender's requests so far, in the order it sent them.</summary>
    public IReadOnlyList<IReadOnlyList<SentRequest>> Sent => [.. _senders.Select(s => s.Sent)];

    /// <summary>Every request so far that did not get the backend's answer.</summary>
    public IReadOnlyList<SentRequest> Failed => [.. Sent.SelectMany(s => s).Where(r => r.Failure is not null)];

    /// <summary>Waits until <paramref name="condition"/> holds for what was sent, failing after <paramref name="patience"/> with <paramref name="what"/>.</summary>
    public async Task UntilAsync(Func<IReadOnlyList<IReadOnlyList<SentRequest>>, bool> condition, TimeSpan patience, string what)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(patience.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition(Sent))
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline,
                $"timed out after {patience.TotalSeconds} s waiting until {what}; failures so far: {string.Join("; ", Failed.Select(f => f.Failure).Distinct())}");
            Assert.True(_running.All(r => !r.IsCompleted), "a sender stopped");
            await Task.Delay(20);
        }
    }

    /// <summary>Lets every request in flight finish, then stops sending.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var sender in _senders)
        {
            sender.Dispose();
        }
        _stop.Dispose();
    }

    private sealed class Sender(int port, X509Certificate2 trustedAuthority, string host) : IDisposable
    {
        private readonly LoopbackHttpsClient _client = new(port, trustedAuthority);
        private readonly Lock _lock = new();
        private readonly List<SentRequest> _sent = [];

        public IReadOnlyList<SentRequest> Sent
        {
            get
            {
                lock (_lock)
                {
                    return [.. _sent];
                }
            }
        }

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var started = TimeProvider.System.GetTimestamp();
                var (subject, failure) = await SendAsync();
                lock (_lock)
                {
                    _sent.Add(new SentRequest(started, TimeProvider.System.GetTimestamp(), subject, failure));
                }
            }
        }

        /// <summary>One request, never cancelled by the stop: a request cut short by the test would not be the gateway's failure.</summary>
        private async Task<(string? Subject, string? Failure)> SendAsync()
        {
            try
            {
                var (status, body) = await _client.GetAsync(host, CancellationToken.None);
                if (status != HttpStatusCode.OK)
                {
                    return (null, $"{(int)status} {status}: {body}");
                }
                if (EchoAnswer.Parse(body) is not { } answer)
                {
                    return (null, $"not the echo backend's answer: {body}");
                }
                using var certificate = answer.ClientCertificate;
                return certificate is null ? (null, "the backend saw no client certificate") : (certificate.Subject, null);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                return (null, $"{e.GetType().Name}: {e.Message}");
            }
        }

        public void Dispose() => _client.Dispose();
    }
}
