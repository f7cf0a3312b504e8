using AzureGateway.Model;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// With controller names configured (the cluster mode), only GatewayClasses of those controllers are served:
/// other classes, their Gateways, routes attached only to those Gateways, and the ALB policies and Envoy Gateway
/// Backends only those routes reach get no status from us.
/// </summary>
public sealed class GatewayClassTranslatorTests
{
    private const string Manifests = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata:
          name: ours
        spec:
          controllerName: azuregateway.io/gateway-controller
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata:
          name: theirs
        spec:
          controllerName: example.io/other-controller
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: served
          namespace: web
        spec:
          gatewayClassName: ours
          listeners:
          - name: http
            port: 80
            protocol: HTTP
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: foreign
          namespace: web
        spec:
          gatewayClassName: theirs
          listeners:
          - name: http
            port: 81
            protocol: HTTP
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: to-foreign
          namespace: web
        spec:
          parentRefs:
          - name: foreign
          rules:
          - backendRefs:
            - name: app
              port: 443
            - group: gateway.envoyproxy.io
              kind: Backend
              name: eg-app
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: app
          namespace: web
        spec:
          ports:
          - port: 443
        ---
        apiVersion: alb.networking.azure.io/v1
        kind: BackendTLSPolicy
        metadata:
          name: app-tls
          namespace: web
        spec:
          targetRef:
            group: ""
            kind: Service
            name: app
          default:
            sni: app.example.com
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: Backend
        metadata:
          name: eg-app
          namespace: web
        spec:
          endpoints:
          - ip:
              address: 10.0.0.1
              port: 8443
        """;

    [Fact]
    public void Only_classes_of_configured_controllers_and_their_gateways_get_status_and_ports()
    {
        var result = Translate(new HashSet<string> { ResourceKinds.ControllerName });

        Assert.Equal(["GatewayClass ours", "Gateway web/served"], result.Statuses.Select(s => s.Resource.ToString()));
        Assert.Equal([80], result.Ir.Ports.Select(p => p.Port));
    }

    [Fact]
    public void Without_configured_controllers_every_class_is_served()
    {
        var result = Translate(null);

        Assert.Equal(
            ["GatewayClass ours", "GatewayClass theirs", "Gateway web/foreign", "Gateway web/served", "HTTPRoute web/to-foreign",
             "Backend web/eg-app", "BackendTLSPolicy web/app-tls"],
            result.Statuses.Select(s => s.Resource.ToString()));
        Assert.Equal([80, 81], result.Ir.Ports.Select(p => p.Port));
        var theirs = result.Statuses.Single(s => s.Resource.Name == "theirs");
        Assert.Equal([("Accepted", "True")], theirs.Conditions().Select(c => (c.Type, c.Status)));
    }

    private static TranslationResult Translate(IReadOnlySet<string>? controllers) =>
        new GatewayTranslator(new TranslatorOptions { Time = TimeProvider.System, ControllerNames = controllers })
            .Translate(GoldenFiles.Snapshot("classes.yaml", Manifests));
}
