using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AzureGateway.Functions.Hosting;
using AzureGateway.KeyVault;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Functions.Tests;

/// <summary>The functions app listening on a loopback port the OS chose, with a recording certificate sync in place of the real one.</summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private FunctionsHost(WebApplication app, RecordingLoggerProvider logs, Uri address)
    {
        this.app = app;
        Logs = logs;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public RecordingLoggerProvider Logs { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Starts the app with <paramref name="sync"/>, and with <paramref name="time"/> as its clock when given.</summary>
    public static async Task<FunctionsHost> StartAsync(ICertificateSync sync, TimeProvider? time = null)
    {
        // Production, so the test sees what a caller in Azure would: no developer exception page.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new RecordingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSingleton(sync);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        var app = FunctionsApp.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new FunctionsHost(app, logs, new Uri(address));
    }

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body) => Client.PostAsJsonAsync(path, body);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
