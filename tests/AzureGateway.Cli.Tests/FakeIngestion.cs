using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// An Application Insights ingestion endpoint on loopback: it accepts what the Azure Monitor exporter POSTs to
/// <c>/v2.1/track</c> (newline-delimited telemetry items, gzip or not) and keeps every item.
/// </summary>
public sealed class FakeIngestion : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _items;

    private FakeIngestion(WebApplication app, ConcurrentQueue<JsonObject> items, string address)
    {
        _app = app;
        _items = items;
        ConnectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={address}/";
    }

    /// <summary>A connection string whose ingestion endpoint is this one.</summary>
    public string ConnectionString { get; }

    public IReadOnlyList<JsonObject> Items => [.. _items];

    public static async Task<FakeIngestion> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var items = new ConcurrentQueue<JsonObject>();
        app.Run(async context =>
        {
            var body = context.Request.Headers.ContentEncoding == "gzip"
                ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
                : context.Request.Body;
            using var reader = new StreamReader(body);
            var received = 0;
            while (await reader.ReadLineAsync(context.RequestAborted) is { } line)
            {
                if (line.Length > 0 && JsonNode.Parse(line) is JsonObject item)
                {
                    items.Enqueue(item);
                    received++;
                }
            }
            await context.Response.WriteAsJsonAsync(new { itemsReceived = received, itemsAccepted = received, errors = Array.Empty<object>() });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new FakeIngestion(app, items, address);
    }

    /// <summary>The <c>baseData</c> of every item of <paramref name="baseType"/> (RequestData, RemoteDependencyData, MessageData, MetricsData).</summary>
    public IEnumerable<JsonObject> Data(string baseType) =>
        Items.Select(item => item["data"])
            .Where(data => data?["baseType"]?.GetValue<string>() == baseType)
            .Select(data => data!["baseData"]).OfType<JsonObject>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
