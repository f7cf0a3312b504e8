namespace AzureGateway.IR;

/// <summary>
/// A copy of the request sent to another cluster; its answer is read and dropped, never sent to the client,
/// and its failure never fails the request. <c>Numerator</c> / <c>Denominator</c> of requests are mirrored.
/// </summary>
public sealed record MirrorIr
{
    public required string Cluster { get; init; }
    public int Numerator { get; init; } = 100;
    public int Denominator { get; init; } = 100;
}
