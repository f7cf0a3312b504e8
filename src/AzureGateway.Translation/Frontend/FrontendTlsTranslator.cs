using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Frontend;

/// <summary>
/// Frontend TLS from its three styles: each Gateway's <c>spec.tls.frontend</c> (judged with its listeners), AGC
/// FrontendTLSPolicies and Envoy Gateway ClientTrafficPolicies. Decides every HTTPS listener's settings
/// (<see cref="FrontendPrecedence"/>) and gives the policies' statuses.
/// </summary>
internal sealed class FrontendTlsTranslator(TranslationContext context, ServedGateways gateways)
{
    public IEnumerable<ResourceStatus> Apply()
    {
        var agc = new FrontendTlsPolicyTranslator(context, gateways);
        var envoy = new ClientTrafficPolicyTranslator(context, gateways);
        var agcPolicies = agc.Judge();
        var envoyPolicies = envoy.Judge();

        var own = gateways.All
            .SelectMany(g => g.Listeners)
            .Where(l => l.GatewayFrontend is not null)
            .Select(l => new FrontendSource(l.GatewayFrontend!.Label, l.GatewayFrontend.Scope, l.Gateway.Metadata.CreationTimestamp, [l])
            {
                ClientValidation = l.GatewayFrontend.Validation,
            });
        var outcomes = FrontendPrecedence.Decide(
            own.Concat(agcPolicies.Select(p => p.Source).OfType<FrontendSource>())
                .Concat(envoyPolicies.Select(p => p.Source).OfType<FrontendSource>()));

        return agcPolicies.Select(p => agc.Status(p, Outcome(outcomes, p.Source)))
            .Concat(envoyPolicies.Select(p => envoy.Status(p, Outcome(outcomes, p.Source))))
            .OfType<ResourceStatus>()
            .ToList();
    }

    private static FrontendOutcome? Outcome(IReadOnlyDictionary<FrontendSource, FrontendOutcome> outcomes, FrontendSource? source) =>
        source is null ? null : outcomes.GetValueOrDefault(source);
}
