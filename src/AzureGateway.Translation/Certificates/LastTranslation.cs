using AzureGateway.Model;

namespace AzureGateway.Translation.Certificates;

/// <summary>
/// What a translator keeps of its last translation: enough to recognise a rotation in the next snapshot, and the
/// certificate each listener Secret served (by source), to keep serving should the Secret's content become unusable.
/// After a translation that kept any, the rotation short way is not taken.
/// </summary>
internal sealed record LastTranslation(
    ResourceSnapshot Snapshot,
    TranslationResult Result,
    IReadOnlyDictionary<CertificateObject, List<CertificateRead>> Reads,
    ParsedCertificates Parsed,
    IReadOnlyDictionary<string, IR.CertificateIr> ServerCertificates,
    bool KeptPreviousCertificates);
