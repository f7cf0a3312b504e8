using AzureGateway.Model;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// What a Gateway presents to TLS backends that have no client certificate of their own, the TLS versions it
/// allows them, and the problem to put on the Gateway's ResolvedRefs.
/// </summary>
internal sealed record GatewayBackendTlsDefaults(
    ClientCertificateChoice ClientCertificate, VersionSetting? MinVersion, VersionSetting? MaxVersion, Condition? GatewayProblem);
