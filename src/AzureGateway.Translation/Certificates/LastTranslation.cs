using AzureGateway.Model;

namespace AzureGateway.Translation.Certificates;

/// <summary>What a translator keeps of its last translation, to recognise a rotation in the next snapshot.</summary>
internal sealed record LastTranslation(
    ResourceSnapshot Snapshot,
    TranslationResult Result,
    IReadOnlyDictionary<CertificateObject, List<CertificateRead>> Reads,
    DateTimeOffset JudgementsHoldUntil,
    ParsedCertificates Parsed);
