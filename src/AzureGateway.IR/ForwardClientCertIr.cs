namespace AzureGateway.IR;

/// <summary>How a listener handles the <c>X-Forwarded-Client-Cert</c> request header (Envoy's XFCC modes).</summary>
public enum ForwardClientCertMode
{
    /// <summary>Remove the header a client sent; add nothing.</summary>
    Sanitize,

    /// <summary>Forward the header a client sent, on connections where a client certificate was verified; else remove it.</summary>
    ForwardOnly,

    /// <summary>On connections with a verified client certificate, append its details to the header sent; else remove it.</summary>
    AppendForward,

    /// <summary>On connections with a verified client certificate, replace the header with its details; else remove it.</summary>
    SanitizeSet,

    /// <summary>Forward the header a client sent, always.</summary>
    AlwaysForwardOnly,
}

/// <summary>The XFCC mode and which details of the verified client certificate are written (<c>Hash</c> always is).</summary>
public sealed record ForwardClientCertIr
{
    public static readonly ForwardClientCertIr Sanitize = new() { Mode = ForwardClientCertMode.Sanitize };

    public required ForwardClientCertMode Mode { get; init; }

    /// <summary>Any of <c>Subject</c>, <c>URI</c>, <c>DNS</c>, <c>Cert</c> and <c>Chain</c>, in that order.</summary>
    public EquatableArray<string> Details { get; init; } = EquatableArray<string>.Empty;
}
