using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace AzureGateway.Kubernetes.Tests.ApiServer;

/// <summary>One collection of the in-test API server: its objects, its event history and its open watches.</summary>
internal sealed class StoredCollection
{
    public OrderedDictionary<string, JsonObject> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>Every change, oldest first, from <see cref="CompactedAt"/> on: what a watch resumes from.</summary>
    public List<(long ResourceVersion, string Type, JsonObject Object)> Events { get; } = [];

    /// <summary>Watches from a resourceVersion older than this get 410 Gone, as after etcd compaction.</summary>
    public long CompactedAt { get; set; }

    public List<OpenWatch> Watches { get; } = [];

    /// <summary>The kind of the collection's objects, for BOOKMARK events.</summary>
    public string Kind { get; set; } = "Unknown";
    public string ApiVersion { get; set; } = "v1";
}

/// <summary>A watch stream in progress: events are queued as lines, and the test can cut the connection.</summary>
internal sealed class OpenWatch
{
    public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();
    public CancellationTokenSource Drop { get; } = new();
}
