using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AzureGateway.Functions.Cluster;
using AzureGateway.Functions.Events;
using AzureGateway.Functions.Hosting;
using AzureGateway.Functions.Reconcile;
using AzureGateway.KeyVault;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AzureGateway.Functions.Tests;

/// <summary>What a function answered over HTTP: its status, its JSON body if any, and the headers it set.</summary>
public sealed record FunctionAnswer(int StatusCode, JsonNode? Body, IHeaderDictionary Headers);

/// <summary>
/// The function classes with the services the app registers, a recording certificate sync in place of the real one,
/// called as the worker calls them (the Functions host cannot run here): HTTP functions with an ASP.NET Core request.
/// </summary>
public sealed class FunctionsInProcess : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private FunctionsInProcess(ServiceProvider services, FakeLogCollector logs)
    {
        this.services = services;
        Logs = logs;
    }

    /// <summary>What the app logged, at Information and above (the level logging has unless told otherwise): what an operator would read.</summary>
    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => services;

    /// <summary>The app's services with <paramref name="sync"/>, <paramref name="time"/> as the clock and <paramref name="settings"/> as app settings.</summary>
    public static FunctionsInProcess Start(ICertificateSync sync, TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var logs = new FakeLogCollector();
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        collection.AddSingleton(sync);
        if (time is not null)
        {
            collection.AddSingleton(time);
        }
        collection.AddCertificateSyncFunctions(configuration);
        return new FunctionsInProcess(collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), logs);
    }

    /// <summary>An Event Grid event as the host's Event Grid extension hands it to the trigger: its JSON text.</summary>
    public Task KeyVaultCertificateEventsAsync(string eventGridEvent) =>
        Create<KeyVaultCertificateEvents>().RunAsync(eventGridEvent, CancellationToken.None);

    public Task<FunctionAnswer> WebhookAsync(JsonNode? body) => WebhookAsync(body?.ToJsonString() ?? "null");

    public async Task<FunctionAnswer> WebhookAsync(string body, bool declareLength = true)
    {
        var request = Request(HttpMethods.Post, Encoding.UTF8.GetBytes(body), declareLength);
        return Answer(request, await Create<KeyVaultCertificateWebhook>().RunAsync(request, CancellationToken.None));
    }

    public async Task<FunctionAnswer> WebhookOptionsAsync(string? origin)
    {
        var request = Request(HttpMethods.Options, [], declareLength: false);
        if (origin is not null)
        {
            request.Headers["WebHook-Request-Origin"] = origin;
        }
        return Answer(request, await Create<KeyVaultCertificateWebhook>().RunAsync(request, CancellationToken.None));
    }

    public Task ReconcileTimerAsync() =>
        Create<ReconcileFunctions>().TimerAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None);

    public async Task<FunctionAnswer> ReconcileNowAsync()
    {
        var request = Request(HttpMethods.Post, [], declareLength: true);
        return Answer(request, await Create<ReconcileFunctions>().ReconcileNowAsync(request, CancellationToken.None));
    }

    /// <summary>
    /// A cluster change notice as App Service authentication passes it on: with <paramref name="caller"/>'s principal
    /// (or the header <paramref name="principal"/> as given), if any.
    /// </summary>
    public async Task<FunctionAnswer> ClusterChangedAsync(string body, string? caller, bool declareLength = true, string? principal = null)
    {
        var request = Request(HttpMethods.Post, Encoding.UTF8.GetBytes(body), declareLength);
        if ((principal ?? (caller is null ? null : PrincipalHeader(caller))) is { } header)
        {
            request.Headers[AppServicePrincipal.Header] = header;
        }
        return Answer(request, await Create<ClusterChangedFunction>().RunAsync(request, CancellationToken.None));
    }

    /// <summary>What App Service authentication sends on for a token issued to <paramref name="application"/> (claim <paramref name="claim"/>).</summary>
    public static string PrincipalHeader(string application, string claim = "appid") =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["auth_typ"] = "aad",
            ["claims"] = new JsonArray(
                new JsonObject { ["typ"] = "aud", ["val"] = "api://sync" },
                new JsonObject { ["typ"] = claim, ["val"] = application }),
            ["name_typ"] = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            ["role_typ"] = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
        }.ToJsonString()));

    // The worker builds a function's class for each invocation from the app's services, as this does.
    private T Create<T>() => ActivatorUtilities.CreateInstance<T>(services);

    private HttpRequest Request(string method, byte[] body, bool declareLength)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentType = "application/json";
        if (declareLength)
        {
            context.Request.ContentLength = body.Length;
        }
        return context.Request;
    }

    private static FunctionAnswer Answer(HttpRequest request, IActionResult result) => result switch
    {
        ObjectResult o => new(o.StatusCode ?? StatusCodes.Status200OK, JsonSerializer.SerializeToNode(o.Value, JsonSerializerOptions.Web), request.HttpContext.Response.Headers),
        StatusCodeResult s => new(s.StatusCode, null, request.HttpContext.Response.Headers),
        _ => throw new InvalidOperationException($"unexpected result {result.GetType().Name}"),
    };

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
