using System.Text;
using AzureGateway.Certificates;
using AzureGateway.KeyVault.Bindings;
using AzureGateway.KeyVault.Tests.ArmServer;
using AzureGateway.KeyVault.Writing;
using AzureGateway.KeyVault.Writing.Aks;
using AzureGateway.Kubernetes.Tests.ApiServer;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.KeyVault.Tests;

/// <summary>
/// The cluster found through Resource Manager, as the functions app finds it in Azure: the real ArmClient against
/// <see cref="TestArm"/> and the real KubernetesClient against <see cref="TestApiServer"/> over HTTPS.
/// </summary>
public sealed class AksClusterTests : IAsyncLifetime
{
    private const string ClusterId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/gateway/providers/Microsoft.ContainerService/managedClusters/prod";
    private const string ArmScope = "https://management.azure.com//.default";
    private const string AksScope = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

    private readonly CertificateAuthority _apiServerCa = CertificateAuthority.Create("Test cluster CA");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private TestArm _arm = null!;
    private TestApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _arm = await TestArm.StartAsync();
        _api = await TestApiServer.StartHttpsAsync(_apiServerCa.IssueServer(["localhost"]));
        _api.Apply(new V1Secret
        {
            ApiVersion = "v1", Kind = "Secret", Type = "kubernetes.io/tls",
            Metadata = new V1ObjectMeta { Name = "client", NamespaceProperty = "apps" },
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _arm.DisposeAsync();
        _apiServerCa.Dispose();
    }

    [Fact]
    public async Task The_client_built_from_the_resource_id_writes_a_secret_on_the_clusters_api_server_with_an_aks_token()
    {
        _arm.AddCluster(ClusterId, _api.Url, _apiServerCa.Certificate);
        var credential = new ScopedTokenCredential(_time);

        await WriteSecretAsync(Connect(credential), "written");

        Assert.Equal("written", SecretValue());
        Assert.NotEmpty(_api.Requests);
        Assert.All(_api.Requests, r => Assert.Equal(ScopedTokenCredential.TokenFor(AksScope, 1), r.Token));
    }

    [Fact]
    public async Task Resource_manager_never_sees_the_aks_token_and_the_api_server_never_sees_the_resource_manager_token()
    {
        _arm.AddCluster(ClusterId, _api.Url, _apiServerCa.Certificate);
        var credential = new ScopedTokenCredential(_time);

        await WriteSecretAsync(Connect(credential), "written");

        Assert.Contains(_arm.Requests, r => r.Method == "GET" && r.Path.Equals(ClusterId, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(_arm.Requests, r => r.Method == "POST" && r.Path.EndsWith("/listClusterUserCredential", StringComparison.OrdinalIgnoreCase));
        Assert.All(_arm.Requests, r => Assert.EndsWith($"-for-{ArmScope}", r.Token));
        Assert.All(_api.Requests, r => Assert.EndsWith($"-for-{AksScope}", r.Token));
        Assert.DoesNotContain(_api.Requests, r => r.Token == TestArm.UnusedUserToken);
        Assert.Equal([AksScope, ArmScope], credential.Scopes.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_aks_token_is_asked_for_again_before_it_expires()
    {
        _arm.AddCluster(ClusterId, _api.Url, _apiServerCa.Certificate);
        var credential = new ScopedTokenCredential(_time) { Lifetime = TimeSpan.FromMinutes(30) };
        var kubernetes = Connect(credential);

        await WriteSecretAsync(kubernetes, "first");
        _time.Advance(TimeSpan.FromMinutes(27));
        await WriteSecretAsync(kubernetes, "second");

        Assert.Equal(ScopedTokenCredential.TokenFor(AksScope, 2), _api.Requests[^1].Token);
        Assert.Equal(2, credential.Scopes.Count(s => s == AksScope));
    }

    [Fact]
    public async Task An_api_server_whose_certificate_is_not_from_the_clusters_ca_is_refused()
    {
        using var otherCa = CertificateAuthority.Create("Some other CA");
        _arm.AddCluster(ClusterId, _api.Url, otherCa.Certificate);

        await Assert.ThrowsAsync<HttpRequestException>(() => WriteSecretAsync(Connect(new ScopedTokenCredential(_time)), "written"));

        Assert.Empty(_api.Requests);
    }

    [Fact]
    public void An_unknown_cluster_gives_one_line_naming_the_resource_id()
    {
        var error = Assert.Throws<ClusterConnectionException>(() => Connect(new ScopedTokenCredential(_time)));

        Assert.Contains(ClusterId, error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(_arm.Requests, r => r.Method == "POST");
    }

    [Fact]
    public void A_cluster_without_entra_integration_gives_one_line_naming_the_resource_id()
    {
        _arm.AddCluster(ClusterId, _api.Url, _apiServerCa.Certificate, entraIntegration: false);

        var error = Assert.Throws<ClusterConnectionException>(() => Connect(new ScopedTokenCredential(_time)));

        Assert.Contains(ClusterId, error.Message, StringComparison.Ordinal);
        Assert.Contains("aadProfile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("/subscriptions/1/resourceGroups/gateway")]
    [InlineData("prod")]
    public void A_resource_id_that_is_not_a_managed_cluster_is_refused_before_calling_resource_manager(string resourceId)
    {
        var error = Assert.Throws<ClusterConnectionException>(() =>
            AksCluster.Connect(resourceId, new ScopedTokenCredential(_time), _arm.Options(), _time, CancellationToken.None));

        Assert.Contains(AksCluster.ResourceIdVariable, error.Message, StringComparison.Ordinal);
        Assert.Empty(_arm.Requests);
    }

    private k8s.Kubernetes Connect(ScopedTokenCredential credential) =>
        new(AksCluster.Connect(ClusterId, credential, _arm.Options(), _time, CancellationToken.None));

    private async Task WriteSecretAsync(k8s.IKubernetes kubernetes, string value)
    {
        var store = new KubernetesBoundObjects(kubernetes);
        var target = new BoundObject(ObjectKind.Secret, "apps", "client", null, new Dictionary<string, string>());
        var current = await store.GetAsync(target, CancellationToken.None) ?? throw new InvalidOperationException("the Secret is gone");
        await store.WriteAsync(current, new ObjectWrite(new Dictionary<string, string> { ["tls.crt"] = value }, new Dictionary<string, string?>()), CancellationToken.None);
    }

    private string SecretValue() =>
        Encoding.UTF8.GetString(Convert.FromBase64String(_api.Get("", "secrets", "apps", "client")!["data"]!["tls.crt"]!.GetValue<string>()));
}
