namespace AzureGateway.EndToEnd.Tests;

/// <summary>
/// One request a sender sent through the gateway: when it started and finished (<see cref="TimeProvider"/>
/// timestamps), and the client certificate subject the backend saw, or why there was no answer.
/// </summary>
public sealed record SentRequest(long Started, long Finished, string? Subject, string? Failure);
