namespace AzureGateway.Kubernetes.Tests.ApiServer;

/// <summary>
/// A kubeconfig file in a private temporary directory whose current context points at a <see cref="TestApiServer"/>,
/// for code that is configured the way <c>azgw run --kubernetes --kubeconfig FILE</c> is.
/// </summary>
public sealed class KubeconfigFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("azgw-kubeconfig-").FullName;

    /// <param name="namespace">The context's namespace: where the gateway keeps its Lease.</param>
    public KubeconfigFile(TestApiServer server, string @namespace, string token)
    {
        Path = System.IO.Path.Combine(_directory, "config");
        File.WriteAllText(Path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server.Url}
            users:
            - name: test
              user:
                token: {token}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
                namespace: {@namespace}
            current-context: test

            """);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
