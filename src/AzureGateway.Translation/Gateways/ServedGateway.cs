using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Gateways;

/// <summary>A Gateway of a GatewayClass we serve, with the state of each of its listeners in spec order.</summary>
public sealed record ServedGateway(Gateway Gateway, IReadOnlyList<ListenerState> Listeners)
{
    public string Namespace => TranslationContext.Namespace(Gateway.Metadata);
    public string Name => Gateway.Metadata.Name;
    public override string ToString() => $"Gateway {Namespace}/{Name}";
}
