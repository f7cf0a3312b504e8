using AzureGateway.KeyVault.Bindings;

namespace AzureGateway.KeyVault.Writing;

/// <summary>Where bound objects live: the cluster's API server, or a folder's objects held in memory.</summary>
public interface IBoundObjectStore
{
    /// <summary>Every Secret and ConfigMap carrying a Key Vault binding annotation.</summary>
    Task<IReadOnlyList<BoundObject>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The object as it is now, or null when it is gone.</summary>
    Task<BoundObject?> GetAsync(BoundObject target, CancellationToken cancellationToken);

    /// <summary>
    /// Writes data and annotations into the object, only if it is still at <see cref="BoundObject.ResourceVersion"/>;
    /// throws when it changed in between (a conflict) or the write failed.
    /// </summary>
    Task WriteAsync(BoundObject target, ObjectWrite write, CancellationToken cancellationToken);
}
