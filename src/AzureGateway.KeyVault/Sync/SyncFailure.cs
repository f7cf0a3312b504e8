using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Identity;
using k8s.Autorest;

namespace AzureGateway.KeyVault.Sync;

/// <summary>
/// The failures a sync expects from Key Vault, the identity and the API server, which become report lines, and
/// which of them are worth another attempt. Anything else is a bug and is thrown.
/// </summary>
internal static class SyncFailure
{
    public static bool IsExpected(Exception e) => e is RequestFailedException or HttpOperationException or HttpRequestException
        or AuthenticationFailedException or CryptographicException or InvalidDataException or TimeoutException;

    /// <summary>
    /// An API server failure worth another try: a conflict (the object changed; the retry reads it again), 429,
    /// 5xx, no connection. Key Vault's are not here: its client retries them itself (<see cref="Reading.KeyVaultRetryPolicy"/>).
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError } => true,
        HttpRequestException or TimeoutException => true,
        _ => false,
    };

    /// <summary>One line for a person. Response bodies are left out: a Key Vault answer can carry key material.</summary>
    public static string Describe(Exception e) => e switch
    {
        RequestFailedException r => $"Key Vault answered {r.Status}{(r.ErrorCode is { } code ? $" ({code})" : "")}",
        HttpOperationException h => $"the API server answered {(int)h.Response.StatusCode} {h.Response.ReasonPhrase}",
        AuthenticationFailedException => "no Azure credential could get a token for Key Vault (managed identity, AZURE_CLIENT_ID, az login)",
        CryptographicException or InvalidDataException => "Key Vault returned a certificate that could not be read",
        _ => e.Message,
    };
}
