namespace AzureGateway.Translation.Backends;

/// <summary>Every BackendTLSPolicy of both APIs, judged and with conflicts settled; answers who owns a target.</summary>
internal sealed class BackendTlsPolicyIndex
{
    private readonly IReadOnlyDictionary<TargetKey, TlsPolicy> _owners;

    public BackendTlsPolicyIndex(
        TranslationContext context, CaCertificateResolver caCertificates, ClientCertificateResolver clientCertificates)
    {
        var gatewayApi = new GatewayApiPolicyTranslator(context, caCertificates);
        var alb = new AlbPolicyTranslator(context, caCertificates, clientCertificates);
        var policies = context.Snapshot.BackendTlsPolicies.Select(gatewayApi.Translate)
            .Concat(context.Snapshot.AlbBackendTlsPolicies.Select(alb.Translate));
        (_owners, Policies) = PolicyConflicts.Resolve(policies);
    }

    /// <summary>Every policy in precedence order, losers marked with <see cref="TlsPolicy.ConflictsWith"/>.</summary>
    public IReadOnlyList<TlsPolicy> Policies { get; }

    /// <summary>The policy owning exactly this key (a port, or the whole object when the section is null).</summary>
    public TlsPolicy? Owner(TargetKey key) => _owners.GetValueOrDefault(key);
}
