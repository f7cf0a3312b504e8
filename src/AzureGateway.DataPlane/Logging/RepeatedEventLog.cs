namespace AzureGateway.DataPlane.Logging;

/// <summary>
/// One log line for the first event of a key, then, while it goes on, one line per <c>interval</c> counting the repeats:
/// however many times a backend or a client fails the same way, the log gets a few lines per interval.
/// </summary>
/// <remarks>
/// The interval's summary comes from a timer rather than from the next event, so the count of an outage's last
/// interval is written when the outage ends. A key that did not recur for a whole interval is forgotten: its next
/// event gets a line of its own again. <typeparamref name="TDetail"/> is what the lines say beyond the key; a summary
/// shows the latest event's.
/// </remarks>
internal sealed class RepeatedEventLog<TKey, TDetail> : IDisposable
    where TKey : notnull
{
    private readonly Action<TKey, TDetail> _first;
    private readonly Action<TKey, TDetail, int, TimeSpan> _repeated;
    private readonly TimeSpan _interval;
    private readonly ITimer _timer;
    private readonly Dictionary<TKey, Repeats> _recent = [];
    private readonly Lock _lock = new();

    /// <param name="first">Writes the line of an event whose key has no line in the current interval.</param>
    /// <param name="repeated">Writes the summary of a key's repeats in the interval just ended: the latest detail, the count, the interval.</param>
    public RepeatedEventLog(TimeSpan interval, TimeProvider time, Action<TKey, TDetail> first, Action<TKey, TDetail, int, TimeSpan> repeated)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _interval = interval;
        _first = first;
        _repeated = repeated;
        _timer = time.CreateTimer(_ => Summarise(), null, interval, interval);
    }

    public void Add(TKey key, TDetail detail)
    {
        lock (_lock)
        {
            if (_recent.TryGetValue(key, out var repeats))
            {
                repeats.Count++;
                repeats.Latest = detail;
                return;
            }
            _recent.Add(key, new Repeats { Latest = detail });
        }
        _first(key, detail);
    }

    /// <summary>Writes one line for each key that recurred in the interval just ended; forgets those that did not.</summary>
    private void Summarise()
    {
        List<(TKey Key, TDetail Latest, int Count)> summaries = [];
        lock (_lock)
        {
            foreach (var (key, repeats) in _recent)
            {
                if (repeats.Count == 0)
                {
                    _recent.Remove(key);
                    continue;
                }
                summaries.Add((key, repeats.Latest, repeats.Count));
                repeats.Count = 0;
            }
        }
        foreach (var (key, latest, count) in summaries)
        {
            _repeated(key, latest, count, _interval);
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>The events of one key since the last line about it, and the latest one's detail.</summary>
    private sealed class Repeats
    {
        public int Count { get; set; }
        public required TDetail Latest { get; set; }
    }
}
