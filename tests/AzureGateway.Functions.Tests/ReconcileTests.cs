using System.Diagnostics;
using AzureGateway.Functions.Reconcile;
using AzureGateway.KeyVault;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.Functions.Tests;

public sealed class ReconcileTests
{
    // Generous: the tests share two cores with other builds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_manual_call_reconciles_every_binding_and_answers_with_the_report()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);

        var answer = await functions.ReconcileNowAsync();

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(["reconcile"], sync.Calls);
        Assert.Equal(2, answer.Body?["updated"]?.GetValue<int>());
        Assert.Equal(1, answer.Body?["unchanged"]?.GetValue<int>());
        Assert.Single(answer.Body?["problems"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task The_timer_reconciles_every_binding_and_logs_the_report()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);

        await functions.ReconcileTimerAsync();

        Assert.Equal(["reconcile"], sync.Calls);
        Assert.Contains(functions.Logs.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message == "Reconciled Key Vault bindings: 2 updated, 1 unchanged, 1 problem(s)");
        Assert.Contains(functions.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning
            && r.Message == "Reconciling Key Vault bindings: default/orphan: the Secret is bound to a certificate that does not exist");
    }

    [Fact]
    public async Task A_failing_reconcile_fails_the_invocation()
    {
        var failure = new HttpRequestException("connection refused to 10.0.0.1:443");
        await using var functions = FunctionsInProcess.Start(new RecordingCertificateSync { Failure = failure },
            settings: new Dictionary<string, string?> { ["Reconcile:MinimumInterval"] = "00:00:00" });

        Assert.Same(failure, await Assert.ThrowsAsync<HttpRequestException>(functions.ReconcileNowAsync));
        // The next call runs again rather than sharing the failure.
        Assert.Same(failure, await Assert.ThrowsAsync<HttpRequestException>(functions.ReconcileTimerAsync));
    }

    [Fact]
    public async Task Calls_made_while_a_reconcile_runs_share_the_next_one_instead_of_one_each()
    {
        var release = new TaskCompletionSource();
        var sync = new RecordingCertificateSync { ReconcileHeldUntil = release.Task, Report = new SyncReport(0, 3, []) };
        await using var functions = FunctionsInProcess.Start(sync, settings: new Dictionary<string, string?> { ["Reconcile:MinimumInterval"] = "00:00:00" });

        var first = functions.ReconcileNowAsync();
        await WaitUntilAsync(() => sync.Calls.Count == 1);
        var during = Enumerable.Range(0, 100)
            .Select(i => i % 2 == 0 ? functions.ReconcileNowAsync() : TimerAnswerAsync(functions))
            .ToList();
        release.SetResult();
        var answers = await Task.WhenAll([first, .. during]);

        Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
        // The run under way, then one run for all 100 calls that came during it.
        Assert.Equal(["reconcile", "reconcile"], sync.Calls);
    }

    [Fact]
    public async Task Reconciles_asked_for_one_after_another_start_no_closer_than_the_minimum_interval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, time, new Dictionary<string, string?> { ["Reconcile:MinimumInterval"] = "00:00:10" });

        await functions.ReconcileNowAsync();
        var second = functions.ReconcileNowAsync();
        var third = functions.ReconcileTimerAsync();
        time.Advance(TimeSpan.FromSeconds(9));
        // Asserting that no run starts early: there is no event to await for that, so the run gets a moment to start wrongly.
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        Assert.Single(sync.Calls);

        // The run waits on the fake clock; its wait may have been set up after the first move, so move on until it ends.
        var both = Task.WhenAll(second, third);
        var waited = Stopwatch.StartNew();
        while (!both.IsCompleted)
        {
            Assert.True(waited.Elapsed < Patience, "the reconciles asked for did not run when the fake clock moved past the minimum interval");
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(both, Task.Delay(50));
        }
        await both;
        Assert.Equal(["reconcile", "reconcile"], sync.Calls);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_run_others_share()
    {
        var release = new TaskCompletionSource();
        var sync = new RecordingCertificateSync { ReconcileHeldUntil = release.Task };
        await using var functions = FunctionsInProcess.Start(sync, settings: new Dictionary<string, string?> { ["Reconcile:MinimumInterval"] = "00:00:00" });
        var runs = functions.Services.GetRequiredService<ReconcileRuns>();
        using var givingUp = new CancellationTokenSource();

        var first = runs.RunAsync(CancellationToken.None);
        await WaitUntilAsync(() => sync.Calls.Count == 1);
        // Both share the run after the one under way.
        var abandoned = runs.RunAsync(givingUp.Token);
        var waiting = runs.RunAsync(CancellationToken.None);
        await givingUp.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await first;
        Assert.Equal(2, (await waiting).Updated);
        Assert.Equal(["reconcile", "reconcile"], sync.Calls);
    }

    private static async Task<FunctionAnswer> TimerAnswerAsync(FunctionsInProcess functions)
    {
        await functions.ReconcileTimerAsync();
        return new FunctionAnswer(200, null, new Microsoft.AspNetCore.Http.HeaderDictionary());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Patience, "the reconcile did not start");
            await Task.Delay(10);
        }
    }
}
