using System.Globalization;
using System.Text;

namespace AzureGateway.Bench.ControlPlane.Fleet;

/// <summary>
/// Writes the fleet as multi-document Kubernetes YAML, the way a folder (or <c>kubectl get -o yaml</c>) holds it.
/// Which Gateway, hostnames, matches and backends each route gets comes from a <see cref="Random"/> with a
/// fixed seed, so a seed always gives the same manifests (certificates aside: their keys are fresh each run).
/// </summary>
public sealed class FleetManifests(FleetPlan plan, FleetCertificates certificates, int seed)
{
    /// <summary>Creation times start here: the age order decides route precedence and policy conflicts.</summary>
    private static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Segments = ["api", "orders", "users", "cart", "search", "catalog", "checkout", "static"];
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE"];

    private readonly Random _random = new(seed);
    private readonly StringBuilder _yaml = new();

    public string Write()
    {
        _yaml.Clear();
        GatewayClass();
        Namespace(FleetPlan.InfrastructureNamespace, []);
        for (var gateway = 0; gateway < plan.Gateways; gateway++)
        {
            Gateway(gateway);
        }
        foreach (var ((ns, name), pair) in certificates.TlsSecrets.OrderBy(s => s.Key))
        {
            TlsSecret(ns, name, pair);
        }
        for (var team = 0; team < plan.Namespaces; team++)
        {
            TeamNamespace(team);
        }
        for (var service = 0; service < plan.Services; service++)
        {
            Service(service);
        }
        for (var route = 0; route < plan.Routes; route++)
        {
            Route(route);
        }
        return _yaml.ToString();
    }

    /// <summary>One <c>kubernetes.io/tls</c> Secret on its own: what a rotation writes.</summary>
    public static string TlsSecretDocument(string ns, string name, KeyPairPem pair) => TlsSecretText(ns, name, pair) + "\n";

    private void GatewayClass() => Document($"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata:
          name: {FleetPlan.GatewayClassName}
        spec:
          controllerName: azuregateway.io/gateway-controller
        """);

    private void Namespace(string name, IReadOnlyList<string> labels)
    {
        var text = new StringBuilder($"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: {name}

            """);
        if (labels.Count > 0)
        {
            text.Append("  labels:\n");
            foreach (var label in labels)
            {
                text.Append($"    {label}\n");
            }
        }
        Document(text.ToString());
    }

    private void Gateway(int gateway)
    {
        var text = new StringBuilder($"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: {FleetPlan.Gateway(gateway)}
              namespace: {FleetPlan.InfrastructureNamespace}
              creationTimestamp: "{Timestamp(Epoch.AddDays(gateway))}"
            spec:
              gatewayClassName: {FleetPlan.GatewayClassName}
              tls:
                backend:
                  clientCertificateRef:
                    name: {FleetPlan.GatewayClientSecret(gateway)}
              listeners:
              - name: http
                port: 80
                protocol: HTTP
                hostname: "*.{FleetPlan.GatewayDomain(gateway)}"
                allowedRoutes:
                  namespaces:
                    from: All

            """);
        for (var listener = 0; listener < plan.HttpsListeners[gateway]; listener++)
        {
            // Every fourth listener admits routes by namespace label rather than from every namespace.
            var from = listener % 4 == 3
                ? "        from: Selector\n        selector:\n          matchLabels:\n            gateway.example.com/exposed: \"true\"\n"
                : "        from: All\n";
            text.Append($"""
                  - name: {FleetPlan.ListenerName(listener)}
                    port: 443
                    protocol: HTTPS
                    hostname: "{FleetPlan.ListenerHostname(gateway, listener)}"
                    tls:
                      mode: Terminate
                      certificateRefs:
                      - kind: Secret
                        group: ""
                        name: {FleetPlan.ListenerSecret(gateway, listener)}
                    allowedRoutes:
                      namespaces:

                """);
            text.Append(from);
        }
        Document(text.ToString());
    }

    private void TlsSecret(string ns, string name, KeyPairPem pair) => Document(TlsSecretText(ns, name, pair));

    private static string TlsSecretText(string ns, string name, KeyPairPem pair) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          namespace: {ns}
        type: kubernetes.io/tls
        data:
          tls.crt: {Base64(pair.CertificatePem)}
          tls.key: {Base64(pair.PrivateKeyPem)}
        """;

    private void TeamNamespace(int team)
    {
        var ns = FleetPlan.Namespace(team);
        Namespace(ns, [$"team: {ns}", "gateway.example.com/exposed: \"true\""]);
        var ca = certificates.BackendCas[ns];
        Document($"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: backend-ca
              namespace: {ns}
            data:
              ca.crt: |
            {Indent(ca, 4)}
            """);
        // AGC policies refer to their CA as a Secret.
        Document($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: backend-ca
              namespace: {ns}
            type: Opaque
            data:
              ca.crt: {Base64(ca)}
            """);
        if (plan.Namespaces > 1)
        {
            // Routes of the previous team may send traffic to this team's Services.
            Document($"""
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata:
                  name: routes-from-{FleetPlan.Namespace((team + plan.Namespaces - 1) % plan.Namespaces)}
                  namespace: {ns}
                spec:
                  from:
                  - group: gateway.networking.k8s.io
                    kind: HTTPRoute
                    namespace: {FleetPlan.Namespace((team + plan.Namespaces - 1) % plan.Namespaces)}
                  to:
                  - group: ""
                    kind: Service
                """);
        }
    }

    private void Service(int service)
    {
        var name = FleetPlan.Service(service);
        var ns = plan.NamespaceOfService(service);
        var admin = FleetPlan.HasAdminPort(service);
        Document($"""
            apiVersion: v1
            kind: Service
            metadata:
              name: {name}
              namespace: {ns}
            spec:
              ports:
              - name: https
                port: 443
                targetPort: 8443
                protocol: TCP
            {(admin ? "  - name: admin\n    port: 9443\n    targetPort: 9443\n    protocol: TCP" : "")}
            """);
        var endpoints = new StringBuilder();
        for (var i = 0; i < 3; i++)
        {
            var host = service * 3 + i;
            endpoints.Append($"- addresses: [\"10.{service % plan.Namespaces}.{host / 250 % 250}.{host % 250 + 1}\"]\n  conditions:\n    ready: true\n");
        }
        Document($"""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: {name}-x7k2p
              namespace: {ns}
              labels:
                kubernetes.io/service-name: {name}
            addressType: IPv4
            ports:
            - name: https
              port: 8443
              protocol: TCP
            {(admin ? "- name: admin\n  port: 9443\n  protocol: TCP" : "")}
            endpoints:
            {endpoints}
            """);
        BackendTlsPolicy(service, name, ns, admin);
        if (plan.HasAlbPolicy(service))
        {
            AlbPolicy(service, name, ns);
        }
    }

    private void BackendTlsPolicy(int service, string name, string ns, bool sectioned)
    {
        // A third of the policies verify names the certificate carries besides the SNI.
        var subjectAltNames = service % 3 == 0
            ? $"""
                  subjectAltNames:
                  - type: Hostname
                    hostname: {name}.{ns}.example.internal
                  - type: URI
                    uri: spiffe://cluster.local/ns/{ns}/sa/{name}

              """
            : "";
        Document($"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: BackendTLSPolicy
            metadata:
              name: {name}-tls
              namespace: {ns}
              creationTimestamp: "{Timestamp(Epoch.AddHours(service))}"
            spec:
              targetRefs:
              - group: ""
                kind: Service
                name: {name}
            {(sectioned ? "    sectionName: https" : "")}
              validation:
                hostname: {name}.{ns}.svc.cluster.local
                caCertificateRefs:
                - group: ""
                  kind: ConfigMap
                  name: backend-ca
            {subjectAltNames}
            """);
    }

    private void AlbPolicy(int service, string name, string ns) => Document($"""
        apiVersion: alb.networking.azure.io/v1
        kind: BackendTLSPolicy
        metadata:
          name: {name}-admin-tls
          namespace: {ns}
          creationTimestamp: "{Timestamp(Epoch.AddHours(service).AddMinutes(1))}"
        spec:
          targetRef:
            group: ""
            kind: Service
            name: {name}
            namespace: {ns}
          default:
            sni: admin.{name}.{ns}.example.internal
            ports:
            - port: 9443
            clientCertificateRef:
              group: ""
              kind: Secret
              name: {FleetPlan.AlbClientSecret(service)}
            verify:
              caCertificateRef:
                group: ""
                kind: Secret
                name: backend-ca
              subjectAltName: admin.{name}.{ns}.example.internal
        """);

    private void Route(int route)
    {
        var team = route % plan.Namespaces;
        var gateway = _random.Next(plan.Gateways);
        var exactListeners = plan.HttpsListeners[gateway] - 1;
        var hostnames = new List<string>();
        string? sectionName = null;
        if (exactListeners == 0 || _random.NextDouble() < 0.05)
        {
            // A host only the Gateway's wildcard listeners (HTTP and HTTPS) admit.
            hostnames.Add($"api-{route:D5}.{FleetPlan.GatewayDomain(gateway)}");
        }
        else
        {
            var listener = 1 + _random.Next(exactListeners);
            hostnames.Add(FleetPlan.ListenerHostname(gateway, listener));
            if (_random.NextDouble() < 0.3)
            {
                sectionName = FleetPlan.ListenerName(listener);
            }
            else if (_random.NextDouble() < 0.2)
            {
                var second = FleetPlan.ListenerHostname(gateway, 1 + _random.Next(exactListeners));
                if (second != hostnames[0])
                {
                    hostnames.Add(second);
                }
            }
        }

        var text = new StringBuilder($"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: route-{route:D5}
              namespace: {FleetPlan.Namespace(team)}
              creationTimestamp: "{Timestamp(Epoch.AddSeconds(_random.Next(365 * 24 * 3600)))}"
            spec:
              parentRefs:
              - name: {FleetPlan.Gateway(gateway)}
                namespace: {FleetPlan.InfrastructureNamespace}

            """);
        if (sectionName is not null)
        {
            text.Append($"    sectionName: {sectionName}\n");
        }
        text.Append("  hostnames:\n");
        foreach (var hostname in hostnames)
        {
            text.Append($"  - {hostname}\n");
        }
        text.Append("  rules:\n");
        var rules = 1 + _random.Next(3);
        for (var rule = 0; rule < rules; rule++)
        {
            Rule(text, route, rule, team);
        }
        Document(text.ToString());
    }

    private void Rule(StringBuilder text, int route, int rule, int team)
    {
        text.Append("  - matches:\n");
        var matches = _random.NextDouble() < 0.3 ? 2 : 1;
        for (var match = 0; match < matches; match++)
        {
            var segment = Segments[_random.Next(Segments.Length)];
            var kind = _random.NextDouble();
            var (type, value) = kind < 0.65 ? ("PathPrefix", $"/r{route:D5}/{segment}")
                : kind < 0.85 ? ("Exact", $"/r{route:D5}/{segment}/{rule}/{match}")
                : ("RegularExpression", $"'^/r{route:D5}/{segment}/[0-9]+(/.*)?$'");
            text.Append($"    - path:\n        type: {type}\n        value: {value}\n");
            if (_random.NextDouble() < 0.2)
            {
                text.Append(_random.NextDouble() < 0.75
                    ? $"      headers:\n      - name: x-tenant\n        value: tenant-{_random.Next(50):D2}\n"
                    : "      headers:\n      - type: RegularExpression\n        name: x-version\n        value: '^v[0-9]+$'\n");
            }
            if (_random.NextDouble() < 0.1)
            {
                text.Append($"      queryParams:\n      - name: region\n        value: {(_random.Next(2) == 0 ? "eu" : "us")}\n");
            }
            if (_random.NextDouble() < 0.15)
            {
                text.Append($"      method: {Methods[_random.Next(Methods.Length)]}\n");
            }
        }
        text.Append("    backendRefs:\n");
        var backends = 1 + (_random.NextDouble() < 0.35 ? 1 : 0) + (_random.NextDouble() < 0.1 ? 1 : 0);
        for (var i = 0; i < backends; i++)
        {
            // A few routes reach a Service of the next team, which a ReferenceGrant there allows.
            var crossNamespace = plan.Namespaces > 1 && _random.NextDouble() < 0.05;
            var targetTeam = crossNamespace ? (team + 1) % plan.Namespaces : team;
            var service = ServiceOf(targetTeam);
            var port = plan.HasAlbPolicy(service) && _random.NextDouble() < 0.3 ? 9443 : 443;
            text.Append($"    - name: {FleetPlan.Service(service)}\n      port: {port}\n");
            if (crossNamespace)
            {
                text.Append($"      namespace: {FleetPlan.Namespace(targetTeam)}\n");
            }
            if (backends > 1)
            {
                text.Append($"      weight: {1 + _random.Next(100)}\n");
            }
        }
    }

    /// <summary>A random Service of a team: Service i lives in team i mod the number of namespaces.</summary>
    private int ServiceOf(int team)
    {
        var count = (plan.Services - team + plan.Namespaces - 1) / plan.Namespaces;
        return team + _random.Next(count) * plan.Namespaces;
    }

    private void Document(string text)
    {
        if (_yaml.Length > 0)
        {
            _yaml.Append("---\n");
        }
        // Lines left empty by optional parts are dropped so the documents read as hand-written.
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length > 0)
            {
                _yaml.Append(line).Append('\n');
            }
        }
    }

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text));

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.TrimEnd('\n').Split('\n').Select(line => new string(' ', spaces) + line));
}
