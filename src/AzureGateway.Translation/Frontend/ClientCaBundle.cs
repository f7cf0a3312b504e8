using AzureGateway.IR;
using AzureGateway.Translation.Backends;

namespace AzureGateway.Translation.Frontend;

/// <summary>
/// The trust anchors of client validation from its CA references (ConfigMaps or Secrets with <c>ca.crt</c>), with
/// each reference that cannot be used and why. The anchors of the usable references are trusted, the others not:
/// a bad reference only narrows who is admitted.
/// </summary>
internal sealed class ClientCaBundle(TranslationContext context)
{
    private readonly CaCertificateResolver _resolver = new(context);

    public (IReadOnlyList<CertificateIr> Anchors, IReadOnlyList<ReferenceProblem> Problems) Resolve(
        Referrer referrer, IEnumerable<(string? Group, string? Kind, string Name, string? Namespace)> references)
    {
        var anchors = new List<CertificateIr>();
        var problems = new List<ReferenceProblem>();
        foreach (var (group, kind, name, ns) in references)
        {
            var resolved = _resolver.Resolve(referrer, group, kind, name, ns);
            if (resolved.Problem is { } problem)
            {
                problems.Add(problem);
            }
            else
            {
                anchors.AddRange(resolved.Value!);
            }
        }
        return (anchors, problems);
    }
}
