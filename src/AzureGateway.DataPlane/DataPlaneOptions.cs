using System.Net;

namespace AzureGateway.DataPlane;

/// <summary>
/// The data plane's settings. <c>azgw run</c> binds them from the <see cref="SectionName"/> configuration section
/// (environment variables <c>AZUREGATEWAY_DataPlane__NAME</c>) and refuses to start when
/// <see cref="DataPlaneOptionsValidation"/> finds a problem.
/// </summary>
public sealed record DataPlaneOptions
{
    /// <summary>The configuration section the settings are read from, and the prefix of their names in validation messages.</summary>
    public const string SectionName = "DataPlane";

    /// <summary>Added to every listener port, so a Gateway's 443 can run unprivileged as 443 + offset.</summary>
    public int PortOffset { get; init; }

    /// <summary>The address listeners bind to.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    /// <summary>
    /// Listen on ports the OS chooses instead of <c>Port + PortOffset</c>; <see cref="GatewayDataPlane.BoundPorts"/>
    /// tells which. For tests and for running several gateways side by side.
    /// </summary>
    public bool BindToFreePorts { get; init; }

    /// <summary>How long a backend may take to accept a connection and complete the TLS handshake.</summary>
    public TimeSpan BackendConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one try at a backend may take, from sending the request to the end of its answer, for a route that
    /// sets no timeout of its own (a route's <c>timeouts</c> replace it; see <c>RouteTimeouts</c>); exceeded, the client
    /// gets 504. 15 s, the default request timeout Envoy Gateway documents (Envoy's route timeout), so routes moved from
    /// it behave the same; without it a hung backend would hold a client for the forwarder's 100 s idle limit.
    /// <see cref="TimeSpan.Zero"/> removes the limit.
    /// </summary>
    public TimeSpan DefaultBackendRequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The largest request body held in memory so that it can be sent more than once: to retry a request, and to copy
    /// it to mirrors. 64 KiB covers the JSON and form bodies retries are meant for while bounding the memory of requests
    /// in flight; a larger body, or one without a declared length, is sent once and never retried or mirrored.
    /// </summary>
    public long MaxBufferedRequestBodyBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// The largest request body a client may send; null for no limit. A request whose <c>Content-Length</c> says more
    /// is answered 413 before anything of it reaches a backend; a body without a declared length (chunked) that grows
    /// past it is cut, the backend request aborted, and the client answered 413 unless the backend's answer had begun.
    /// 30,000,000 bytes, Kestrel's own default, which the gateway applied before the setting existed: bodies are
    /// streamed, not held, so the limit protects backends rather than the gateway's memory, and keeping it changes no
    /// deployment that works today. Upgraded (WebSocket) connections are not limited by it.
    /// </summary>
    public long? MaxRequestBodyBytes { get; init; } = 30_000_000;

    /// <summary>
    /// The largest total size of a request's headers (names, values and the request line on HTTP/1.1), answered 431
    /// beyond it. 32 KiB, Kestrel's default: ample for cookies and tokens, and a bound on the memory a request head holds
    /// before it is routed.
    /// </summary>
    public int MaxRequestHeadersTotalBytes { get; init; } = 32 * 1024;

    /// <summary>
    /// The most client connections open at once on each listener port (HTTP/1.1 and h2c connections of a plain-text port
    /// counted together), and, counted separately, the most upgraded (WebSocket) connections; null for no limit. A connection beyond it is closed as soon
    /// as it is accepted, without an answer (Kestrel's behaviour; a TLS client sees the handshake fail, an HTTP client
    /// a closed connection). 10,000: an idle client connection costs about 100 KB, so the limit bounds idle
    /// connections at about 1 GB per port while staying well above what one replica serves (more are Kubernetes'
    /// job: replicas, HPA).
    /// </summary>
    public long? MaxConcurrentConnections { get; init; } = 10_000;

    /// <summary>
    /// The most connections one cluster's client opens to one backend endpoint; requests beyond it wait for a connection
    /// to be free (within the route's time limit, else 504). 1,024, Envoy's default circuit-breaker limit on connections
    /// to a cluster (Envoy Gateway's too), so routes moved from it behave the same; without a limit a burst of slow
    /// requests opens as many connections (and TLS handshakes) as there are requests. Must be positive.
    /// </summary>
    public int MaxConnectionsPerBackend { get; init; } = 1024;

    /// <summary>
    /// Whether a backend spoken to in HTTP/2 may get more than one connection: a new one opens when every stream the
    /// backend allows on the others (its <c>SETTINGS_MAX_CONCURRENT_STREAMS</c>; Kestrel's default is 100) is in use, up
    /// to <see cref="MaxConnectionsPerBackend"/>. True, YARP's default: with one connection, streams beyond the backend's
    /// limit would wait for a free one however idle the backend is. False keeps one connection per endpoint.
    /// </summary>
    public bool EnableMultipleHttp2Connections { get; init; } = true;

    /// <summary>
    /// How long a pooled backend connection may stay unused before it is closed. 1 minute, the .NET default: a burst's
    /// connections (and their TLS sessions) do not outlive it for long, and a steady flow of requests keeps its own.
    /// Must be positive.
    /// </summary>
    public TimeSpan BackendConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often repeated backend failures are summarised in the log. The first failure of a kind (time-out, refused
    /// connection, ...) at a route's cluster gets a line of its own; its repeats are counted and written as one line per
    /// interval while they go on, so an outage, or a client hammering a broken backend, cannot flood the log. Must be
    /// positive.
    /// </summary>
    public TimeSpan BackendFailureLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often repeated client failures are summarised in the log: TLS handshakes refused (no allowed suite or version,
    /// not TLS at all), request bodies over <see cref="MaxRequestBodyBytes"/>, HTTP/2 connections closed for flooding. The
    /// first of a kind and reason gets a line of its own at Information; its repeats are counted and written as one line
    /// per interval while they go on, so a hostile client cannot flood the log. Must be positive.
    /// </summary>
    public TimeSpan ClientFailureLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Passive health: how many new connections in a row to one backend endpoint may fail (refused, not made within
    /// <see cref="BackendConnectTimeout"/>, TLS handshake failed) before it leaves the rotation for
    /// <see cref="EndpointEjectionDuration"/>. 3: one failure is often a pod restarting or a full accept queue, three in a
    /// row an endpoint that is gone. HTTP answers, 5xx included, and connections the client gave up on never count.
    /// 0 turns passive health off.
    /// </summary>
    public int EndpointEjectionThreshold { get; init; } = 3;

    /// <summary>
    /// Passive health: how long an endpoint stays out of the rotation. When it is over, one trial connection (with the
    /// cluster's TLS settings) is opened in the background; the endpoint comes back when it succeeds and stays out for
    /// another period when it fails. 30 s, Envoy's default base ejection time for outlier detection. While every endpoint
    /// of a backend is out, its requests are answered 503 with <c>Retry-After</c>. Must be positive.
    /// </summary>
    public TimeSpan EndpointEjectionDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a client has, from connecting, to complete its TLS handshake on an HTTPS port; one that has not is
    /// closed, logged and counted as a refused handshake with reason <c>timeout</c>. 10 s, Kestrel's default: ample for a
    /// client across the world, short enough that idle connections cannot hold the port's slots. Must be positive.
    /// </summary>
    public TimeSpan FrontendHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a TLS route's connection (passed through or terminated) may carry no byte either way before it is closed.
    /// 1 hour, Envoy's TCP proxy default, which Envoy Gateway keeps: long enough for a database session that waits on a
    /// user, while a connection whose client or backend vanished without a close does not hold the gateway's memory and
    /// the backend's slot forever. <see cref="TimeSpan.Zero"/> removes the limit.
    /// </summary>
    public TimeSpan TlsRouteIdleTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long requests in flight on a port that closes may take to finish before they are cut.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock backend and client certificates are judged by.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Make a span of every request to a backend (<c>System.Net.Http</c>) and send the trace context to the backend
    /// (W3C <c>traceparent</c>). It costs on every request, so it is on only where traces are exported.
    /// </summary>
    public bool TraceBackendRequests { get; init; }

    /// <summary>
    /// Run Kestrel's socket completions inline, as the runtime's own socket layer does when the process runs with
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> (the container image sets it): set it together with that
    /// variable, which the runtime reads for itself. <c>azgw</c> sets it from the same variable.
    /// </summary>
    public bool InlineSocketCompletions { get; init; }
}
