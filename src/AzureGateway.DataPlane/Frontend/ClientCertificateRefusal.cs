using System.Security.Authentication;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// A handshake refused for its client certificate, which <see cref="FrontendTls"/> has already logged and counted: either
/// this exception (the listener refuses every client) or SslStream's own when the validation callback said no.
/// </summary>
internal sealed class ClientCertificateRefusal(string message) : AuthenticationException(message)
{
    /// <summary>Whether a failed handshake's exception is such a refusal.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // SslStream's text when RemoteCertificateValidationCallback returns false; it names the callback in every .NET version.
            if (e is ClientCertificateRefusal || e.Message.Contains(nameof(System.Net.Security.RemoteCertificateValidationCallback), StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
