using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.EchoBackend;

/// <summary>The certificates a client sent in its handshake, kept on the connection's features.</summary>
internal sealed class PeerCertificatesFeature
{
    public IReadOnlyList<string> Pem { get; private set; } = [];

    public void Capture(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return;
        }
        using var leaf = new X509Certificate2(certificate);
        var pem = new List<string> { leaf.ExportCertificatePem() };
        // SslStream puts the certificates the peer sent after its own into the chain's extra store.
        foreach (var sent in chain?.ChainPolicy.ExtraStore ?? [])
        {
            if (!sent.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                pem.Add(sent.ExportCertificatePem());
            }
        }
        Pem = pem;
    }
}
