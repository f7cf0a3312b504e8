namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Listener isolation: a request is served only by the routes of the most specific listener whose hostname
/// matches its host, among all listeners (of every Gateway) on its port; no other listener's routes are tried, and
/// when none of that listener's routes matches the answer is 404. The data plane picks a virtual host by the most
/// specific hostname, so isolation is settled here, in two ways:
/// <list type="bullet">
/// <item>A hostname a route gets through a listener is left out when a more specific listener of the port takes
/// every host it stands for: <c>foo.example.com</c> through <c>*.example.com</c> while another listener is
/// <c>foo.example.com</c>, or <c>*.example.com</c> through a listener without hostname while another listener is
/// <c>*.example.com</c>.</item>
/// <item>A listener whose hostname lies within another listener's of the port gets a virtual host of its own,
/// even without routes, so that its hosts never fall through to the routes of the wider listener.</item>
/// </list>
/// Every valid listener takes part, programmed or not: one whose certificate is bad still owns its hosts, and
/// they answer 404 rather than reach the routes of another listener.
/// </summary>
public sealed class ListenerIsolation
{
    private readonly Dictionary<int, PortHostnames> _ports = [];

    public ListenerIsolation(IEnumerable<ListenerState> listeners)
    {
        foreach (var listener in listeners.Where(l => l.IsValid))
        {
            if (!_ports.TryGetValue(listener.Port, out var port))
            {
                _ports[listener.Port] = port = new PortHostnames();
            }
            port.Add(listener.Hostname);
        }
    }

    /// <summary>
    /// Of the <paramref name="hostnames"/> a route serves through <paramref name="listener"/>, those whose hosts
    /// the listener owns (in part at least).
    /// </summary>
    public IReadOnlyList<string> Served(ListenerState listener, IReadOnlyList<string> hostnames)
    {
        if (!_ports.TryGetValue(listener.Port, out var port))
        {
            return hostnames;
        }
        var own = listener.Hostname ?? HostnameSpecificity.CatchAll;
        // Called for every attachment; most leave every hostname in, so a new list is made only once one is out.
        List<string>? served = null;
        for (var i = 0; i < hostnames.Count; i++)
        {
            var taken = port.Covering(hostnames[i]).Any(other => HostnameSpecificity.Instance.Compare(other, own) < 0);
            if (taken && served is null)
            {
                served = [.. hostnames.Take(i)];
            }
            else if (!taken)
            {
                served?.Add(hostnames[i]);
            }
        }
        return served ?? hostnames;
    }

    /// <summary>
    /// The hostnames of the listeners on <paramref name="port"/>, <c>*</c> for a listener without one, most
    /// specific first.
    /// </summary>
    public IReadOnlyList<string> Hostnames(int port) => _ports.TryGetValue(port, out var hostnames)
        ? [.. hostnames.All.Order(HostnameSpecificity.Instance)]
        : [];

    /// <summary>The hostnames of the listeners on <paramref name="port"/> that lie within another listener's.</summary>
    public IEnumerable<string> Nested(int port) => _ports.TryGetValue(port, out var hostnames)
        ? hostnames.Named.Where(h => hostnames.Covering(h).Any(other => other != h))
        : [];

    /// <summary>The listener hostnames of one port, found by the patterns that cover a hostname.</summary>
    private sealed class PortHostnames
    {
        private bool _catchAll;

        public HashSet<string> Named { get; } = new(StringComparer.Ordinal);

        public IEnumerable<string> All => _catchAll ? Named.Append(HostnameSpecificity.CatchAll) : Named;

        public void Add(string? hostname)
        {
            if (hostname is null)
            {
                _catchAll = true;
            }
            else
            {
                Named.Add(hostname);
            }
        }

        /// <summary>
        /// The listener hostnames on the port that match every host <paramref name="pattern"/> stands for: the
        /// pattern itself, each <c>*.suffix</c> of its labels, and the catch-all. An exact name never covers a
        /// wildcard, and only the catch-all covers the catch-all.
        /// </summary>
        public IEnumerable<string> Covering(string pattern)
        {
            if (pattern == HostnameSpecificity.CatchAll)
            {
                if (_catchAll)
                {
                    yield return HostnameSpecificity.CatchAll;
                }
                yield break;
            }
            if (Named.Contains(pattern))
            {
                yield return pattern;
            }
            var name = HostnameSyntax.IsWildcard(pattern) ? pattern[2..] : pattern;
            for (var dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
            {
                var wildcard = "*" + name[dot..];
                if (Named.Contains(wildcard))
                {
                    yield return wildcard;
                }
            }
            if (_catchAll)
            {
                yield return HostnameSpecificity.CatchAll;
            }
        }
    }
}
