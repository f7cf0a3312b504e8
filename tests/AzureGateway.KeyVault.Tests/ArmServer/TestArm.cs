using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using AzureGateway.Certificates;
using AzureGateway.Kubernetes.Tests.ApiServer;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.KeyVault.Tests.ArmServer;

/// <summary>
/// Azure Resource Manager for tests, over HTTPS on a free loopback port, answering what AKS documents for a managed
/// cluster: GET of the cluster resource (<c>properties.fqdn</c>, <c>properties.aadProfile</c>) and the POST of its
/// <c>listClusterUserCredential</c> action (<c>kubeconfigs[].value</c>, base64 YAML). Unknown ids get ARM's 404 body.
/// </summary>
public sealed class TestArm : IAsyncDisposable
{
    private const string ListClusterUserCredential = "/listclusterusercredential";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (JsonObject Resource, string Kubeconfig)> _clusters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ArmRequest> _requests = [];
    private readonly X509Certificate2 _serverCertificate;
    private LoopbackServer _server = null!;

    private TestArm(X509Certificate2 serverCertificate) => _serverCertificate = serverCertificate;

    public Uri Url => _server.Url;

    public IReadOnlyList<ArmRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<TestArm> StartAsync()
    {
        using var tlsIssuer = CertificateAuthority.Create("Test Resource Manager TLS");
        var arm = new TestArm(tlsIssuer.IssueServer(["localhost"]));
        arm._server = await LoopbackServer.StartAsync(arm.HandleAsync, arm._serverCertificate);
        return arm;
    }

    /// <summary>
    /// A managed cluster whose user kubeconfig names <paramref name="apiServer"/> and <paramref name="apiServerCa"/>,
    /// and a user token that must never be used.
    /// </summary>
    public void AddCluster(string id, Uri apiServer, X509Certificate2 apiServerCa, bool entraIntegration = true)
    {
        var properties = new JsonObject { ["provisioningState"] = "Succeeded", ["fqdn"] = apiServer.Host };
        if (entraIntegration)
        {
            properties["aadProfile"] = new JsonObject { ["managed"] = true, ["enableAzureRBAC"] = true, ["tenantID"] = Guid.Empty.ToString() };
        }
        var name = id[(id.LastIndexOf('/') + 1)..];
        var resource = new JsonObject
        {
            ["id"] = id, ["name"] = name, ["type"] = "Microsoft.ContainerService/ManagedClusters", ["location"] = "westeurope",
            ["properties"] = properties,
        };
        var kubeconfig = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {name}
              cluster:
                certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(PemExport.Certificate(apiServerCa)))}
                server: {apiServer}
            users:
            - name: clusterUser_{name}
              user:
                token: {UnusedUserToken}
            contexts:
            - name: {name}
              context:
                cluster: {name}
                user: clusterUser_{name}
            current-context: {name}

            """;
        lock (_lock)
        {
            _clusters[id] = (resource, Convert.ToBase64String(Encoding.UTF8.GetBytes(kubeconfig)));
        }
    }

    /// <summary>The token in the kubeconfig's user: a client that sends it used the wrong credentials.</summary>
    public const string UnusedUserToken = "cluster-user-token";

    /// <summary>Client options for this endpoint: a transport that trusts its TLS certificate, no client retries.</summary>
    public ArmClientOptions Options()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || certificate?.GetCertHashString() == _serverCertificate.GetCertHashString();
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(Url, ArmEnvironment.AzurePublicCloud.Audience),
            Transport = new HttpClientTransport(handler),
        };
        options.Retry.MaxRetries = 0;
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _serverCertificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var token = request.Headers.Authorization.FirstOrDefault()?.Replace("Bearer ", "", StringComparison.Ordinal);
        (JsonObject Resource, string Kubeconfig) cluster;
        bool known;
        lock (_lock)
        {
            _requests.Add(new ArmRequest(request.Method, path, token));
            var id = path.EndsWith(ListClusterUserCredential, StringComparison.OrdinalIgnoreCase) ? path[..^ListClusterUserCredential.Length] : path;
            known = _clusters.TryGetValue(id, out cluster);
        }
        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, Error("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."));
            return;
        }
        if (!known)
        {
            await WriteAsync(context, HttpStatusCode.NotFound, Error("ResourceNotFound", $"The Resource '{path}' was not found."));
            return;
        }
        var answer = (request.Method, path.EndsWith(ListClusterUserCredential, StringComparison.OrdinalIgnoreCase)) switch
        {
            ("GET", false) => (HttpStatusCode.OK, cluster.Resource),
            ("POST", true) => (HttpStatusCode.OK, new JsonObject
            {
                ["kubeconfigs"] = new JsonArray(new JsonObject { ["name"] = "clusterUser", ["value"] = cluster.Kubeconfig }),
            }),
            _ => (HttpStatusCode.MethodNotAllowed, Error("MethodNotAllowed", request.Method)),
        };
        await WriteAsync(context, answer.Item1, answer.Item2);
    }

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task WriteAsync(HttpContext context, HttpStatusCode code, JsonObject body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.DeepClone().ToJsonString(), context.RequestAborted);
    }
}
