using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Filters;

/// <summary>
/// The header modifiers of a rule and of the backendRef it picked, in the order they apply: each modifier's Set,
/// then its Add, then its Remove; the rule's modifier before the backend's, so the backend's has the last word.
/// </summary>
internal sealed class HeaderEdits
{
    private readonly HeaderModifierIr[] _modifiers;

    private HeaderEdits(HeaderModifierIr[] modifiers) => _modifiers = modifiers;

    /// <summary>The edits of <paramref name="modifiers"/> that are present, or null when none is.</summary>
    public static HeaderEdits? Of(params HeaderModifierIr?[] modifiers)
    {
        var present = modifiers.OfType<HeaderModifierIr>().ToArray();
        return present.Length == 0 ? null : new HeaderEdits(present);
    }

    /// <summary>Each edit in the order it applies, for the compiled-configuration rendering.</summary>
    public IEnumerable<string> Describe() => _modifiers.SelectMany(modifier =>
        modifier.Set.Select(h => $"set {h.Name}: {h.Value}")
            .Concat(modifier.Add.Select(h => $"add {h.Name}: {h.Value}"))
            .Concat(modifier.Remove.Select(name => $"remove {name}")));

    /// <summary>Edits the headers of a request on its way to a backend (or a mirror).</summary>
    public void Apply(HttpRequestMessage request)
    {
        foreach (var modifier in _modifiers)
        {
            foreach (var header in modifier.Set)
            {
                RemoveFrom(request, header.Name);
                AddTo(request, header.Name, header.Value);
            }
            foreach (var header in modifier.Add)
            {
                AddTo(request, header.Name, header.Value);
            }
            foreach (var name in modifier.Remove)
            {
                RemoveFrom(request, name);
            }
        }
    }

    /// <summary>Edits the headers of an answer on its way to the client.</summary>
    public void Apply(IHeaderDictionary headers)
    {
        foreach (var modifier in _modifiers)
        {
            foreach (var header in modifier.Set)
            {
                headers[header.Name] = header.Value;
            }
            foreach (var header in modifier.Add)
            {
                headers.Append(header.Name, header.Value);
            }
            foreach (var name in modifier.Remove)
            {
                headers.Remove(name);
            }
        }
    }

    private static void AddTo(HttpRequestMessage request, string name, string value)
    {
        // Content headers (Content-Type, ...) live on the content; a request without one cannot carry them.
        if (!request.Headers.TryAddWithoutValidation(name, value))
        {
            request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static void RemoveFrom(HttpRequestMessage request, string name)
    {
        if (!request.Headers.Remove(name))
        {
            request.Content?.Headers.Remove(name);
        }
    }
}
