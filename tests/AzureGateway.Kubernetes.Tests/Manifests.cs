using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using k8s.Models;

namespace AzureGateway.Kubernetes.Tests;

/// <summary>Small resources for tests that are about watching and status, not translation.</summary>
public static class Manifests
{
    public static GatewayClass GatewayClass(string name = "azure-gateway") => new()
    {
        ApiVersion = ResourceKinds.GatewayApiVersion,
        Kind = "GatewayClass",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new GatewayClassSpec { ControllerName = ResourceKinds.ControllerName },
    };

    public static Gateway Gateway(string name = "web", string ns = "apps") => new()
    {
        ApiVersion = ResourceKinds.GatewayApiVersion,
        Kind = "Gateway",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new GatewaySpec
        {
            GatewayClassName = "azure-gateway",
            Listeners = [new Listener { Name = "http", Port = 8080, Protocol = "HTTP" }],
        },
    };

    public static HttpRoute Route(string name, string ns = "apps", string hostname = "app.example.com") => new()
    {
        ApiVersion = ResourceKinds.GatewayApiVersion,
        Kind = "HTTPRoute",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new HttpRouteSpec
        {
            ParentRefs = [new ParentReference { Name = "web" }],
            Hostnames = [hostname],
        },
    };

    public static V1Secret Secret(string name, string type, string ns = "apps") => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Type = type,
        Data = new Dictionary<string, byte[]> { ["key"] = [1, 2, 3] },
    };

    public static V1Namespace Namespace(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = name },
    };
}
