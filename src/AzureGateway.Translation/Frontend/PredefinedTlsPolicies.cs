namespace AzureGateway.Translation.Frontend;

/// <summary>
/// Application Gateway for Containers' predefined frontend TLS policies, as AGC documents them: TLS 1.2 minimum and
/// these cipher suites in this order of preference. <c>2023-06</c> is AGC's default; <c>2023-06-S</c> is the strict
/// one, without the CBC suites.
/// </summary>
internal static class PredefinedTlsPolicies
{
    public const string Default = "2023-06";
    public const string Strict = "2023-06-S";

    private static readonly string[] StrictSuites =
    [
        "TLS_AES_256_GCM_SHA384",
        "TLS_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    ];

    private static readonly string[] DefaultSuites =
    [
        .. StrictSuites,
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    ];

    /// <summary>The cipher suites of a predefined policy, or null when AGC defines no policy of that name.</summary>
    public static string[]? CipherSuites(string name) => name switch
    {
        Default => DefaultSuites,
        Strict => StrictSuites,
        _ => null,
    };
}
