using AzureGateway.Translation.Certificates;

namespace AzureGateway.Translation.Backends;

/// <summary>Why a reference to a Secret, ConfigMap or backend cannot be used; callers map it to their reasons.</summary>
internal enum ReferenceProblemKind
{
    /// <summary>The group or kind is not one the field accepts.</summary>
    UnsupportedKind,

    /// <summary>A reference into another namespace that no ReferenceGrant allows.</summary>
    NotPermitted,

    /// <summary>The object is missing, or its content cannot be used (no key, bad PEM, expired, key mismatch).</summary>
    Unusable,
}

internal sealed record ReferenceProblem(ReferenceProblemKind Kind, string Message);

/// <summary>A resolved value, or the categorised reason there is none.</summary>
internal sealed record Resolution<T>(T? Value, ReferenceProblem? Problem)
{
    public static Resolution<T> Ok(T value) => new(value, null);
    public static Resolution<T> Fail(ReferenceProblemKind kind, string message) => new(default, new ReferenceProblem(kind, message));
}

/// <summary>The resource that holds a reference: ReferenceGrants judge it by group, kind and namespace.</summary>
internal sealed record Referrer(string Group, string Kind, string Namespace, string Name)
{
    public CertificateUser AsCertificateUser => new(Group, Kind, Namespace, Name);
}
