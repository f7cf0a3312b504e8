namespace AzureGateway.Kubernetes.Tests.ApiServer;

/// <summary>A request the in-test API server answered, for tests that assert what the client asked.</summary>
public sealed record RecordedRequest(
    string Method, string Group, string Plural, string? Name, string? Subresource, bool Watch, string? ResourceVersion, string? Token);
