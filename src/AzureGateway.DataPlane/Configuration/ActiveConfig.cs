namespace AzureGateway.DataPlane.Configuration;

/// <summary>The configuration being served; replaced whole, read without locks.</summary>
internal sealed class ActiveConfig
{
    private DataPlaneConfig _current = DataPlaneConfig.Empty;

    public DataPlaneConfig Current => Volatile.Read(ref _current);

    /// <summary>Serves <paramref name="next"/> from now on and returns the configuration it replaced.</summary>
    public DataPlaneConfig Replace(DataPlaneConfig next) => Interlocked.Exchange(ref _current, next);
}
