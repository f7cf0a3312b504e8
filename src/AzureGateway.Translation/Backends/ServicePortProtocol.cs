using AzureGateway.IR;
using k8s.Models;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// The HTTP version a Service port is spoken to with, from its <c>appProtocol</c> (GEP-1911, the Kubernetes standard
/// application protocols of KEP-3726), as Envoy Gateway reads it:
/// <list type="bullet">
/// <item><c>kubernetes.io/h2c</c>: HTTP/2. In plain text by prior knowledge; when a policy turns TLS on, over TLS with
/// ALPN <c>h2</c>, as Envoy Gateway does (its cluster is HTTP/2 whatever the transport).</item>
/// <item><c>grpc</c>: HTTP/2, which gRPC needs; Envoy Gateway reads it so with its gRPC compatibility on, and always on a
/// Backend.</item>
/// <item><c>kubernetes.io/ws</c>, <c>kubernetes.io/wss</c>: HTTP/1.1, where a WebSocket is an upgrade. Whether TLS is
/// used stays the policies' decision: <c>wss</c> does not turn it on, as a client certificate does not.</item>
/// <item>The IANA names <c>http</c> and <c>https</c> (any case, as the conformance suite writes <c>HTTPS</c>), or no
/// <c>appProtocol</c>: HTTP/1.1.</item>
/// <item>Anything else: HTTP/1.1, with the value named in a problem for the route (GEP-1911's
/// <c>ResolvedRefs=False/UnsupportedProtocol</c>); the backend is still served, in the version every HTTP backend
/// speaks.</item>
/// </list>
/// </summary>
internal static class ServicePortProtocol
{
    /// <summary>The protocol, and the value of an <c>appProtocol</c> this gateway does not know (null when it knows it).</summary>
    public static (BackendProtocolIr Protocol, string? Unknown) Of(V1ServicePort port) => port.AppProtocol switch
    {
        null or "" => (BackendProtocolIr.Http11, null),
        "kubernetes.io/h2c" or "grpc" => (BackendProtocolIr.Http2, null),
        "kubernetes.io/ws" or "kubernetes.io/wss" => (BackendProtocolIr.Http11, null),
        var value when value.Equals("http", StringComparison.OrdinalIgnoreCase) || value.Equals("https", StringComparison.OrdinalIgnoreCase)
            => (BackendProtocolIr.Http11, null),
        var value => (BackendProtocolIr.Http11, value),
    };
}
