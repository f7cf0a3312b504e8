namespace AzureGateway.Kubernetes.Tests.ApiServer;

/// <summary>
/// A request path of the Kubernetes REST API, taken apart: <c>/api/v1/...</c> (core) or <c>/apis/GROUP/VERSION/...</c>,
/// then a collection (optionally under <c>namespaces/NS/</c>), an object name, and a subresource.
/// </summary>
internal sealed record ResourcePath(string Group, string Plural, string? Namespace, string? Name, string? Subresource)
{
    public static ResourcePath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        int rest;
        string group;
        if (segments is ["api", _, ..])
        {
            (group, rest) = ("", 2);
        }
        else if (segments is ["apis", var g, _, ..])
        {
            (group, rest) = (g, 3);
        }
        else
        {
            return null;
        }
        var tail = segments[rest..];
        string? ns = null;
        if (tail is ["namespaces", var n, var collection, ..] && collection != "status")
        {
            ns = n;
            tail = tail[2..];
        }
        return tail switch
        {
            [var plural] => new ResourcePath(group, plural, ns, null, null),
            [var plural, var name] => new ResourcePath(group, plural, ns, name, null),
            [var plural, var name, var sub] => new ResourcePath(group, plural, ns, name, sub),
            _ => null,
        };
    }

    public (string Group, string Plural) Collection => (Group, Plural);
}
