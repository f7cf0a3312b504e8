namespace AzureGateway.KeyVault;

/// <summary>
/// A Key Vault certificate, as its id reads (<c>https://myvault.vault.azure.net/certificates/gateway-client</c>,
/// optionally followed by <c>/version</c>): the vault, the certificate's name and, when pinned, a version.
/// </summary>
public sealed record KeyVaultCertificateId(Uri VaultUri, string Name, string? Version)
{
    /// <summary>Reads a certificate id; false with a sentence saying why for anything else.</summary>
    public static bool TryParse(string? text, out KeyVaultCertificateId? id, out string? problem)
    {
        id = null;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"'{text}' is not an https URL of a Key Vault certificate";
            return false;
        }
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length is not (2 or 3) || segments[0] != "certificates" || segments.Any(s => s.Length == 0))
        {
            problem = $"'{text}' is not a Key Vault certificate id: expected https://<vault>/certificates/<name>[/<version>]";
            return false;
        }
        id = new KeyVaultCertificateId(new Uri(uri.GetLeftPart(UriPartial.Authority)), segments[1], segments.Length == 3 ? segments[2] : null);
        problem = null;
        return true;
    }

    /// <summary>The id without a version: what a binding names when it follows the newest version.</summary>
    public string Unversioned => $"{VaultUri.GetLeftPart(UriPartial.Authority)}/certificates/{Name}";

    public override string ToString() => Version is null ? Unversioned : $"{Unversioned}/{Version}";
}
