namespace AzureGateway.DataPlane.Frontend;

/// <summary>The port (as the IR numbers it) a request arrived on; set on every request's features.</summary>
internal sealed record GatewayPortFeature(int Port);
