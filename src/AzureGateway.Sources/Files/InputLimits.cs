namespace AzureGateway.Sources.Files;

/// <summary>
/// The sizes a folder's input may have, the API server's own: a folder serves nothing a cluster would refuse, and
/// a file cannot make the process read, parse or keep more than these.
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// 3 MiB: the largest request body the Kubernetes API server accepts (its <c>MaxRequestBodyBytes</c>), so no
    /// <c>kubectl apply</c> of a larger file could succeed either. A larger file is refused without being read.
    /// </summary>
    public const long MaxFileBytes = 3 * 1024 * 1024;

    /// <summary>
    /// 1.5 MiB: etcd's default request size limit (<c>--max-request-bytes</c>), which bounds the size of any one
    /// object a cluster stores. A larger document is refused; the other documents of its file still load.
    /// </summary>
    public const int MaxObjectBytes = 3 * 1024 * 1024 / 2;

    /// <summary>
    /// The refusal of an object (named by <paramref name="what"/>) of <paramref name="bytes"/> bytes, or null when it
    /// is within <see cref="MaxObjectBytes"/>: both sources measure the object's JSON (for a file, the JSON kubectl
    /// would send for the document).
    /// </summary>
    public static string? ObjectSizeRefusal(string what, int bytes) => bytes > MaxObjectBytes
        ? $"{what} refused: {bytes} bytes, more than the {MaxObjectBytes} bytes a Kubernetes object may have"
        : null;
}
