using System.Collections.Immutable;
using k8s;
using k8s.Models;

namespace AzureGateway.Model;

/// <summary>
/// One kind the gateway reads: its names on the wire (group, version, kind, the plural of its collection), whether
/// its objects live in a namespace, whether the translator writes its status, the C# type it reads as, and the
/// collection of <see cref="ResourceSnapshot"/> that holds it. Sources, the Kubernetes watch and the change
/// detection all work from <see cref="ResourceKinds.All"/>.
/// </summary>
public abstract class ResourceKind
{
    private protected ResourceKind(
        string group, string version, string kind, string plural, bool namespaced, bool statusWritten, IReadOnlyList<string> alsoReadAs)
    {
        Group = group;
        Version = version;
        Kind = kind;
        Plural = plural;
        Namespaced = namespaced;
        StatusWritten = statusWritten;
        AlsoReadAs = alsoReadAs;
    }

    /// <summary>The API group; "" for the core group.</summary>
    public string Group { get; }

    /// <summary>The version the gateway lists and watches.</summary>
    public string Version { get; }

    public string Kind { get; }
    public string Plural { get; }
    public bool Namespaced { get; }

    /// <summary>Whether the translator computes this kind's status, which the status writer then writes.</summary>
    public bool StatusWritten { get; }

    /// <summary>Other apiVersions a manifest may spell this kind with (served by the API server as the same objects).</summary>
    public IReadOnlyList<string> AlsoReadAs { get; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Every apiVersion a manifest of this kind may carry, the watched one first.</summary>
    public IEnumerable<string> ApiVersions => [ApiVersion, .. AlsoReadAs];

    public abstract Type Type { get; }

    /// <summary>The objects of this kind in a snapshot.</summary>
    public abstract IReadOnlyList<IKubernetesObject<V1ObjectMeta>> In(ResourceSnapshot snapshot);

    /// <summary>The snapshot with this kind's collection replaced by the objects of this kind among <paramref name="objects"/>.</summary>
    public abstract ResourceSnapshot With(ResourceSnapshot snapshot, IEnumerable<IKubernetesObject<V1ObjectMeta>> objects);

    /// <summary>Whether two snapshots hold the very same objects of this kind, in the same order.</summary>
    public abstract bool SameObjects(ResourceSnapshot before, ResourceSnapshot after);

    /// <summary>Calls <paramref name="visitor"/> with this kind's type known, for code that needs it statically.</summary>
    public abstract TResult Accept<TResult>(IResourceKindVisitor<TResult> visitor);

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}

/// <summary>A kind whose objects read as <typeparamref name="T"/>.</summary>
public sealed class ResourceKind<T> : ResourceKind
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Func<ResourceSnapshot, ImmutableArray<T>> _get;
    private readonly Func<ResourceSnapshot, ImmutableArray<T>, ResourceSnapshot> _set;

    internal ResourceKind(
        string group, string version, string kind, string plural, bool namespaced, bool statusWritten,
        Func<ResourceSnapshot, ImmutableArray<T>> get, Func<ResourceSnapshot, ImmutableArray<T>, ResourceSnapshot> set,
        IReadOnlyList<string>? alsoReadAs = null)
        : base(group, version, kind, plural, namespaced, statusWritten, alsoReadAs ?? [])
    {
        _get = get;
        _set = set;
    }

    public override Type Type => typeof(T);

    public ImmutableArray<T> Items(ResourceSnapshot snapshot) => _get(snapshot);

    public ResourceSnapshot With(ResourceSnapshot snapshot, ImmutableArray<T> items) => _set(snapshot, items);

    public override IReadOnlyList<IKubernetesObject<V1ObjectMeta>> In(ResourceSnapshot snapshot) => _get(snapshot);

    public override ResourceSnapshot With(ResourceSnapshot snapshot, IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        _set(snapshot, [.. objects.OfType<T>()]);

    public override bool SameObjects(ResourceSnapshot before, ResourceSnapshot after)
    {
        var (was, now) = (_get(before), _get(after));
        if (was == now)
        {
            return true;
        }
        if (was.Length != now.Length)
        {
            return false;
        }
        for (var i = 0; i < was.Length; i++)
        {
            if (!ReferenceEquals(was[i], now[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override TResult Accept<TResult>(IResourceKindVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Code that needs a kind's C# type statically (a typed watch, a typed store).</summary>
public interface IResourceKindVisitor<out TResult>
{
    TResult Visit<T>(ResourceKind<T> kind) where T : class, IKubernetesObject<V1ObjectMeta>;
}
