using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AzureGateway.Sources.Files;

/// <summary>
/// Passes a YAML parser's events through and notes, for each document of the stream, the first alias (<c>*name</c>)
/// it holds. The loader refuses those documents: it writes each document out in full before reading it as its kind,
/// and aliases of aliases expand exponentially there (18 KB of them made 100 rules of 100 matches of 100 headers).
/// Kubernetes manifests do not need aliases (<c>kubectl</c>, Helm and Kustomize never write them), so refusing them is
/// simpler and safer than bounding how far they may expand.
/// </summary>
internal sealed class AliasTrackingParser(IParser inner) : IParser
{
    private int _document = -1;

    /// <summary>The first alias of each document that has one, by the document's position in the stream.</summary>
    public Dictionary<int, AnchorAlias> FirstAliases { get; } = [];

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        switch (inner.Current)
        {
            case DocumentStart:
                _document++;
                break;
            case AnchorAlias alias:
                FirstAliases.TryAdd(_document, alias);
                break;
        }
        return true;
    }
}
