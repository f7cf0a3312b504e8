using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using AzureGateway.EchoBackend;
using AzureGateway.Model;
using AzureGateway.Sources.Files;
using AzureGateway.Translation;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>
/// One gateway in folder mode, serving a folder of YAML that a test class describes, in front of named echo
/// backends on loopback. A test class is one scenario: it derives a fixture from this, names its backends and
/// writes its manifests; its cases send requests by Gateway listener port (bound by the OS, so scenarios run side
/// by side) with a Host header and SNI of their choosing, and read the statuses of the latest translation.
/// </summary>
public abstract class Scenario : IAsyncLifetime
{
    /// <summary>The namespace of the shared pieces: the GatewayClass's Gateways and most backends.</summary>
    public const string Infra = "conformance-infra";

    /// <summary>The GatewayClass every scenario's Gateways use.</summary>
    public const string GatewayClass = "conformance";

    /// <summary>The Secret, in <see cref="Infra"/>, with a certificate for every host name the scenarios use.</summary>
    public const string FrontendSecret = "frontend-tls";

    /// <summary>How long a condition may take to hold (start-up and reloads on a busy machine).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<IAsyncDisposable> _servers = [];
    private readonly Dictionary<string, EchoServer> _backends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int Port, bool Https, string? Sni, X509Certificate2? Certificate), HttpClient> _clients = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<GatewayDataPlane> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<int>? _running;
    private GatewayDataPlane? _dataPlane;
    private TranslationResult? _latest;

    public CertificateAuthority Authority { get; } = CertificateAuthority.Create("conformance CA");

    public string Folder { get; } = Directory.CreateTempSubdirectory("azgw-conformance-").FullName;

    /// <summary>The echo backends to start.</summary>
    protected abstract IEnumerable<Backend> Backends { get; }

    /// <summary>
    /// The scenario's manifests (Gateways, routes, grants); the GatewayClass, the backends' Services and the
    /// frontend and client-certificate Secrets are written beside them.
    /// </summary>
    protected abstract string Manifests();

    /// <summary>The statuses of the latest translation of the folder.</summary>
    public TranslationResult Latest => Volatile.Read(ref _latest) ?? throw new InvalidOperationException("not translated yet");

    public async Task InitializeAsync()
    {
        using var gatewayClient = Authority.IssueClient("conformance-gateway");
        foreach (var backend in Backends)
        {
            var server = await EchoServer.StartAsync(new EchoServerOptions
            {
                Name = backend.Identity,
                ServerCertificate = backend.MutualTls ? Authority.IssueServer([BackendHostname(backend), .. backend.ExtraCertificateNames]) : null,
                TrustedClientCertificateAuthorities = backend.MutualTls ? [Authority.Certificate] : null,
            }, CancellationToken.None);
            _servers.Add(server);
            _backends.Add(backend.Identity, server);
        }
        using var frontend = Authority.IssueServer(FrontendHostnames);
        var shared = KubernetesManifests.Join(
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {{name: {GatewayClass}}}\nspec: {{controllerName: {ResourceKinds.ControllerName}}}\n",
            KubernetesManifests.TlsSecret(Infra, FrontendSecret, frontend),
            KubernetesManifests.TlsSecret(Infra, GatewayClientSecret, gatewayClient),
            KubernetesManifests.CaConfigMap(Infra, BackendCaConfigMap, Authority.Certificate));
        File.WriteAllText(Path.Combine(Folder, "shared.yaml"), shared);
        File.WriteAllText(Path.Combine(Folder, "backends.yaml"), KubernetesManifests.Join([.. Backends.Select(ServiceOf)]));
        File.WriteAllText(Path.Combine(Folder, "scenario.yaml"), Manifests());

        var source = new FolderSource(new FolderSourceOptions { Directory = Folder, Debounce = TimeSpan.FromMilliseconds(50) }, NullLogger<FolderSource>.Instance);
        _running = GatewayPipeline.ServeAsync(
            source,
            new DataPlaneOptions { ListenAddress = IPAddress.Loopback, BindToFreePorts = true, DrainTimeout = TimeSpan.FromSeconds(1) },
            NullLoggerFactory.Instance,
            _stop.Token,
            (dataPlane, _) =>
            {
                _serving.TrySetResult(dataPlane);
                return Task.FromResult<int?>(null);
            },
            new PipelineOptions { Translated = result => Volatile.Write(ref _latest, result) });
        var first = await Task.WhenAny(_serving.Task, _running).WaitAsync(Patience);
        if (first == _running)
        {
            throw new InvalidOperationException($"the gateway stopped before serving (exit code {await _running})");
        }
        _dataPlane = await _serving.Task;
    }

    /// <summary>The host names the frontend certificate holds (any is fine: clients do not check it).</summary>
    private static readonly string[] FrontendHostnames = ["*.example.com", "example.com", "*.example.net", "example.net", "*.example.org", "example.org"];

    /// <summary>The Secret with the client certificate the gateway presents to mutual-TLS backends.</summary>
    public const string GatewayClientSecret = "gateway-client-tls";

    /// <summary>The ConfigMap with the CA that issued the mutual-TLS backends' certificates.</summary>
    public const string BackendCaConfigMap = "backend-ca";

    /// <summary>The name a mutual-TLS backend's certificate holds, for a BackendTLSPolicy's <c>hostname</c>.</summary>
    public static string BackendHostname(Backend backend) => $"{backend.Name}.{backend.Namespace}.backend.test";

    /// <summary>The echo server of <paramref name="backend"/> (e.g. to read the requests it answered).</summary>
    public EchoServer Server(Backend backend) => _backends[backend.Identity];

    /// <summary>The loopback port the gateway serves <paramref name="listenerPort"/> of its Gateways on.</summary>
    public int BoundPort(int listenerPort)
    {
        var dataPlane = _dataPlane ?? throw new InvalidOperationException("not serving yet");
        return dataPlane.BoundPorts.TryGetValue(listenerPort, out var bound)
            ? bound
            : throw new InvalidOperationException($"the gateway does not listen on Gateway port {listenerPort}");
    }

    /// <summary>Whether the gateway listens on <paramref name="listenerPort"/> at the moment.</summary>
    public bool Listens(int listenerPort) => _dataPlane?.BoundPorts.ContainsKey(listenerPort) == true;

    /// <summary>Sends a request to listener port <paramref name="listenerPort"/>; redirects are not followed.</summary>
    public async Task<Answer> SendAsync(Request request)
    {
        var client = _clients.GetOrAdd((BoundPort(request.Port), request.Https, request.Sni, request.ClientCertificate), key => NewClient(key.Port, key.Sni, key.Certificate));
        using var message = request.ToMessage();
        using var response = await client.SendAsync(message);
        return await Answer.ReadAsync(response);
    }

    /// <summary>
    /// Sends <paramref name="request"/> until its answer satisfies <paramref name="expected"/> or
    /// <see cref="Patience"/> has passed, and returns the last answer: configuration reaches the data plane
    /// moments after the folder changes, and a case asserts on what it is served then.
    /// </summary>
    public async Task<Answer> SendUntilAsync(Request request, Func<Answer, bool> expected)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Answer? answer = null;
            try
            {
                answer = await SendAsync(request);
            }
            catch (Exception e) when ((e is HttpRequestException or InvalidOperationException) && waited.Elapsed < Patience)
            {
            }
            if ((answer is not null && expected(answer)) || waited.Elapsed >= Patience)
            {
                return answer ?? await SendAsync(request);
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the latest translation satisfies <paramref name="condition"/>, and returns it.</summary>
    public async Task<TranslationResult> TranslatedUntilAsync(Func<TranslationResult, bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition(Latest) && waited.Elapsed < Patience)
        {
            await Task.Delay(50);
        }
        return Latest;
    }

    /// <summary>Writes (or replaces) a file of the folder the way editors save: a temporary file renamed over it.</summary>
    public void WriteFile(string name, string text)
    {
        var temporary = Path.Combine(Folder, "." + name + ".tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, Path.Combine(Folder, name), overwrite: true);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(Patience);
        }
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        Authority.Dispose();
        _stop.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>The Service and EndpointSlice of a backend, and for a mutual-TLS one its BackendTLSPolicy.</summary>
    private string ServiceOf(Backend backend)
    {
        var port = _backends[backend.Identity].Port;
        var service = $$"""
            apiVersion: v1
            kind: Service
            metadata: {name: {{backend.Name}}, namespace: {{backend.Namespace}}}
            spec:
              ports: [{port: {{Backend.ServicePort}}, targetPort: {{port}}}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: {{backend.Name}}
              namespace: {{backend.Namespace}}
              labels: {kubernetes.io/service-name: {{backend.Name}}}
            addressType: IPv4
            ports: [{port: {{port}}}]
            endpoints: [{addresses: ["127.0.0.1"]}]

            """;
        return backend.MutualTls && !backend.TlsPolicyInScenario ? service + "---\n" + Manifest.BackendTlsPolicy(backend, BackendHostname(backend), backend.SubjectAltName) : service;
    }

    private static HttpClient NewClient(int port, string? sni, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var stream = await Loopback.ConnectAsync(port, cancellationToken);
                return sni is null ? stream : await TlsAsync(stream, sni, certificate, cancellationToken);
            },
            // The cases are about routing, not the frontend certificate: any certificate is accepted.
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = sni,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                ClientCertificates = certificate is null ? null : [certificate],
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>TLS with <paramref name="sni"/> as the server name, whatever Host the requests on it carry.</summary>
    private static async Task<Stream> TlsAsync(NetworkStream stream, string sni, X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        var tls = new SslStream(stream);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = sni,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                ClientCertificates = certificate is null ? null : [certificate],
            }, cancellationToken);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }
}
