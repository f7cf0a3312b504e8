using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.Kubernetes.Tests.ApiServer;

/// <summary>
/// A Kubernetes API server for tests, on a free loopback port over plain HTTP (or HTTPS), speaking the documented wire protocol:
/// list (items and metadata.resourceVersion); watch (<c>?watch=true</c>, newline-delimited JSON events, bookmarks,
/// resume from a resourceVersion, 410 Gone as a watch ERROR event after <see cref="Compact"/>); get; create; PUT and
/// merge-patch, on objects and on their <c>/status</c>, with resourceVersion conflicts (409); delete. Collections
/// named as not installed answer 404, as when a CRD is missing.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Group, string Plural), StoredCollection> _collections = [];
    private readonly HashSet<(string Group, string Plural)> _notInstalled;
    private readonly HashSet<(string, string, string?, string)> _conflictNext = [];
    private readonly List<RecordedRequest> _requests = [];
    private LoopbackServer _server = null!;
    private long _resourceVersion = 1000;

    private TestApiServer(IEnumerable<(string Group, string Plural)> notInstalled) => _notInstalled = [.. notInstalled];

    public Uri Url => _server.Url;

    public static Task<TestApiServer> StartAsync(params (string Group, string Plural)[] notInstalled) => StartAsync(null, notInstalled);

    /// <summary>The same server over HTTPS at <c>https://localhost:PORT/</c>, serving a certificate issued for localhost.</summary>
    public static Task<TestApiServer> StartHttpsAsync(X509Certificate2 serverCertificate) => StartAsync(serverCertificate, []);

    private static async Task<TestApiServer> StartAsync(X509Certificate2? serverCertificate, (string Group, string Plural)[] notInstalled)
    {
        var server = new TestApiServer(notInstalled);
        server._server = await LoopbackServer.StartAsync(server.HandleAsync, serverCertificate);
        return server;
    }

    /// <summary>A real KubernetesClient talking to this server; the token names the caller in <see cref="Requests"/>.</summary>
    public IKubernetes Client(string? token = null) =>
        new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Url.ToString(), AccessToken = token });

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Creates or updates an object as <c>kubectl apply</c> would (generation bumps when its spec changes).</summary>
    public JsonObject Apply(object resource)
    {
        var node = (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(resource))!;
        var (group, plural) = CollectionOf(node);
        lock (_lock)
        {
            var collection = Collection(group, plural);
            var key = Key(node);
            var existing = collection.Objects.GetValueOrDefault(key);
            if (existing?["status"] is { } status && node["status"] is null)
            {
                node["status"] = status.DeepClone();
            }
            return Store(collection, node, existing);
        }
    }

    public void Delete(string group, string plural, string? ns, string name)
    {
        lock (_lock)
        {
            var collection = Collection(group, plural);
            if (collection.Objects.Remove($"{ns}/{name}", out var removed))
            {
                removed = (JsonObject)removed.DeepClone();
                removed["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString();
                Publish(collection, "DELETED", removed);
            }
        }
    }

    public JsonObject? Get(string group, string plural, string? ns, string name)
    {
        lock (_lock)
        {
            return Collection(group, plural).Objects.GetValueOrDefault($"{ns}/{name}")?.DeepClone() as JsonObject;
        }
    }

    /// <summary>Cuts every open watch connection mid-stream.</summary>
    public void DropWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _collections.Values.SelectMany(c => c.Watches))
            {
                watch.Drop.Cancel();
            }
        }
    }

    /// <summary>Forgets the event history: a watch from any resourceVersion seen so far gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            foreach (var collection in _collections.Values)
            {
                collection.Events.Clear();
                collection.CompactedAt = _resourceVersion + 1;
            }
        }
    }

    /// <summary>Just before the next status write to this object, another writer changes it: the write meets a 409.</summary>
    public void ConflictOnNextStatusWrite(string group, string plural, string? ns, string name)
    {
        lock (_lock)
        {
            _conflictNext.Add((group, plural, ns, name));
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropWatches();
        await _server.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = ResourcePath.Parse(request.Path.Value ?? "");
        if (path is null)
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", "no such path");
            return;
        }
        var watch = request.Query["watch"] == "true";
        var resourceVersion = request.Query["resourceVersion"].FirstOrDefault();
        var token = request.Headers.Authorization.FirstOrDefault()?.Replace("Bearer ", "", StringComparison.Ordinal);
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(request.Method, path.Group, path.Plural, path.Name, path.Subresource, watch, resourceVersion, token));
        }
        if (_notInstalled.Contains(path.Collection))
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource ({path.Plural})");
            return;
        }
        var body = request.ContentLength is > 0 || request.Method is "POST" or "PUT" or "PATCH"
            ? JsonNode.Parse(await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted))
            : null;
        switch (request.Method, path.Name)
        {
            case ("GET", null) when watch:
                await WatchAsync(context, path, resourceVersion, request.Query["allowWatchBookmarks"] == "true");
                return;
            case ("GET", null):
                await WriteJsonAsync(context, HttpStatusCode.OK, List(path));
                return;
        }
        var (code, answer) = Answer(request.Method, path, body as JsonObject);
        await WriteJsonAsync(context, code, answer);
    }

    private (HttpStatusCode, JsonObject) Answer(string method, ResourcePath path, JsonObject? body)
    {
        lock (_lock)
        {
            var collection = Collection(path.Group, path.Plural);
            var key = $"{path.Namespace}/{path.Name ?? body?["metadata"]?["name"]?.GetValue<string>()}";
            var existing = collection.Objects.GetValueOrDefault(key);
            if (path.Subresource == "status" && method is "PUT" or "PATCH" && existing is not null
                && _conflictNext.Remove((path.Group, path.Plural, path.Namespace, path.Name!)))
            {
                var touched = (JsonObject)existing.DeepClone();
                touched["metadata"]!["annotations"] = new JsonObject { ["touched-by"] = "another-writer" };
                existing = Store(collection, touched, existing);
            }
            switch (method)
            {
                case "GET":
                    return existing is null ? NotFound(path) : (HttpStatusCode.OK, (JsonObject)existing.DeepClone());
                case "POST":
                    if (existing is not null)
                    {
                        return Status(HttpStatusCode.Conflict, "AlreadyExists", $"{path.Plural} \"{body!["metadata"]!["name"]}\" already exists");
                    }
                    body!["metadata"]!.AsObject().Remove("resourceVersion");
                    if (path.Namespace is not null)
                    {
                        body["metadata"]!["namespace"] = path.Namespace;
                    }
                    return (HttpStatusCode.Created, (JsonObject)Store(collection, body, null).DeepClone());
                case "PUT" or "PATCH":
                    if (existing is null)
                    {
                        return NotFound(path);
                    }
                    var sent = body?["metadata"]?["resourceVersion"]?.GetValue<string>();
                    if (sent is not null && sent != existing["metadata"]!["resourceVersion"]!.GetValue<string>())
                    {
                        return Status(HttpStatusCode.Conflict, "Conflict",
                            $"Operation cannot be fulfilled on {path.Plural} \"{path.Name}\": the object has been modified; please apply your changes to the latest version and try again");
                    }
                    var updated = method == "PUT" ? body!.DeepClone().AsObject() : (JsonObject)JsonMergePatch.Apply(existing, body)!;
                    if (path.Subresource == "status")
                    {
                        // The status subresource changes the status and nothing else.
                        var status = updated["status"]?.DeepClone();
                        updated = (JsonObject)existing.DeepClone();
                        updated["status"] = status;
                    }
                    return (HttpStatusCode.OK, (JsonObject)Store(collection, updated, existing).DeepClone());
                case "DELETE":
                    if (existing is null)
                    {
                        return NotFound(path);
                    }
                    collection.Objects.Remove(key);
                    Publish(collection, "DELETED", existing);
                    return (HttpStatusCode.OK, (JsonObject)existing.DeepClone());
                default:
                    return Status(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", method);
            }
        }
    }

    private JsonObject List(ResourcePath path)
    {
        lock (_lock)
        {
            var collection = Collection(path.Group, path.Plural);
            var items = new JsonArray([.. collection.Objects.Values
                .Where(o => path.Namespace is null || o["metadata"]?["namespace"]?.GetValue<string>() == path.Namespace)
                .Select(o => o.DeepClone())]);
            return new JsonObject
            {
                ["apiVersion"] = collection.ApiVersion,
                ["kind"] = collection.Kind + "List",
                ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString() },
                ["items"] = items,
            };
        }
    }

    private async Task WatchAsync(HttpContext context, ResourcePath path, string? resourceVersion, bool bookmarks)
    {
        var watch = new OpenWatch();
        var first = new List<string>();
        StoredCollection collection;
        lock (_lock)
        {
            collection = Collection(path.Group, path.Plural);
            var from = long.TryParse(resourceVersion, out var v) ? v : 0;
            if (from != 0 && from < collection.CompactedAt)
            {
                first.Add(EventLine("ERROR", new JsonObject
                {
                    ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure",
                    ["message"] = $"too old resource version: {from} ({collection.CompactedAt})", ["reason"] = "Expired", ["code"] = 410,
                }));
            }
            else
            {
                first.AddRange(from == 0
                    ? collection.Objects.Values.Select(o => EventLine("ADDED", o))
                    : collection.Events.Where(e => e.ResourceVersion > from).Select(e => EventLine(e.Type, e.Object)));
                if (bookmarks)
                {
                    first.Add(EventLine("BOOKMARK", new JsonObject
                    {
                        ["kind"] = collection.Kind, ["apiVersion"] = collection.ApiVersion,
                        ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString() },
                    }));
                }
                collection.Watches.Add(watch);
            }
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, watch.Drop.Token);
            foreach (var line in first)
            {
                await context.Response.WriteAsync(line, stop.Token);
            }
            await context.Response.Body.FlushAsync(stop.Token);
            if (first.LastOrDefault()?.Contains("\"ERROR\"", StringComparison.Ordinal) == true)
            {
                return; // the server ends a watch after its ERROR event
            }
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(stop.Token))
            {
                await context.Response.WriteAsync(line, stop.Token);
                await context.Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (watch.Drop.IsCancellationRequested)
        {
            context.Abort(); // a dropped connection, not a closed stream
        }
        catch (OperationCanceledException)
        {
            // the client went away
        }
        finally
        {
            lock (_lock)
            {
                collection.Watches.Remove(watch);
            }
        }
    }

    /// <summary>Stores a new version of an object: a new resourceVersion, and a new generation when its spec changed.</summary>
    private JsonObject Store(StoredCollection collection, JsonObject node, JsonObject? existing)
    {
        var metadata = node["metadata"]!.AsObject();
        var version = ++_resourceVersion;
        metadata["resourceVersion"] = version.ToString();
        metadata["uid"] = existing?["metadata"]?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = existing?["metadata"]?["creationTimestamp"]?.DeepClone() ?? "2025-01-01T00:00:00Z";
        var generation = existing?["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        metadata["generation"] = existing is null || !JsonNode.DeepEquals(existing["spec"], node["spec"]) ? generation + 1 : generation;
        collection.Kind = node["kind"]?.GetValue<string>() ?? collection.Kind;
        collection.ApiVersion = node["apiVersion"]?.GetValue<string>() ?? collection.ApiVersion;
        collection.Objects[Key(node)] = node;
        Publish(collection, existing is null ? "ADDED" : "MODIFIED", node);
        return node;
    }

    private static void Publish(StoredCollection collection, string type, JsonObject node)
    {
        var version = long.Parse(node["metadata"]!["resourceVersion"]!.GetValue<string>());
        collection.Events.Add((version, type, (JsonObject)node.DeepClone()));
        var line = EventLine(type, node);
        // A dropped watch is gone for its client even before its handler has removed it.
        foreach (var watch in collection.Watches.Where(w => !w.Drop.IsCancellationRequested))
        {
            watch.Lines.Writer.TryWrite(line);
        }
    }

    private StoredCollection Collection(string group, string plural)
    {
        if (!_collections.TryGetValue((group, plural), out var collection))
        {
            collection = new StoredCollection();
            _collections.Add((group, plural), collection);
        }
        return collection;
    }

    private static (string Group, string Plural) CollectionOf(JsonObject node)
    {
        var apiVersion = node["apiVersion"]!.GetValue<string>();
        var kind = node["kind"]!.GetValue<string>();
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        var plural = kind.ToLowerInvariant() switch
        {
            var k when k.EndsWith('y') && !"aeiou".Contains(k[^2], StringComparison.Ordinal) => k[..^1] + "ies",
            var k when k.EndsWith("ss", StringComparison.Ordinal) => k + "es",
            var k => k + "s",
        };
        return (group, plural);
    }

    private static string Key(JsonObject node) =>
        $"{node["metadata"]?["namespace"]?.GetValue<string>()}/{node["metadata"]!["name"]!.GetValue<string>()}";

    private static string EventLine(string type, JsonObject node) =>
        new JsonObject { ["type"] = type, ["object"] = node.DeepClone() }.ToJsonString() + "\n";

    private static (HttpStatusCode, JsonObject) NotFound(ResourcePath path) =>
        Status(HttpStatusCode.NotFound, "NotFound", $"{path.Plural} \"{path.Name}\" not found");

    private static (HttpStatusCode, JsonObject) Status(HttpStatusCode code, string reason, string message) => (code, new JsonObject
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure",
        ["message"] = message, ["reason"] = reason, ["code"] = (int)code,
    });

    private static Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string reason, string message) =>
        WriteJsonAsync(context, code, Status(code, reason, message).Item2);

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode code, JsonObject body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
