using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Puts the settings decided one by one (server validation, client certificate, versions) into the cluster's
/// <see cref="UpstreamTlsIr"/>, with one provenance line per setting; or says why the cluster must answer 500.
/// </summary>
internal static class UpstreamTlsBuilder
{
    public static Result<UpstreamTlsIr> Build(
        ServerValidation validation, ClientCertificateChoice client, VersionSetting? min, VersionSetting? max)
    {
        if (client.Failure is not null)
        {
            return Result<UpstreamTlsIr>.Fail(client.Failure);
        }
        var versions = TlsVersions.Decide(min, max);
        if (versions.Error is not null)
        {
            return Result<UpstreamTlsIr>.Fail(versions.Error);
        }
        return Result<UpstreamTlsIr>.Ok(new UpstreamTlsIr
        {
            Sni = validation.Sni,
            SubjectAltNames = validation.SubjectAltNames,
            TrustedCertificates = validation.TrustedCertificates,
            UseSystemTrust = validation.UseSystemTrust,
            InsecureSkipVerify = validation.InsecureSkipVerify,
            ClientCertificate = client.Certificate,
            MinVersion = versions.Value.Min,
            MaxVersion = versions.Value.Max,
            Provenance = new[]
            {
                $"sni: {validation.SniSource}",
                $"validation: {validation.Source}",
                $"clientCertificate: {client.Source}",
                $"minVersion: {min?.Source ?? "default"}",
                $"maxVersion: {max?.Source ?? "default"}",
            },
        });
    }
}
