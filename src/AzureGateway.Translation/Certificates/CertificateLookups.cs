using AzureGateway.Certificates;
using AzureGateway.IR;
using AzureGateway.Model;
using k8s.Models;

namespace AzureGateway.Translation.Certificates;

/// <summary>The object a certificate was read from: a Secret or a ConfigMap.</summary>
public readonly record struct CertificateObject(string Kind, string Namespace, string Name)
{
    /// <summary>How statuses and the IR name it, e.g. <c>Secret infra/gateway-client</c>.</summary>
    public string Source => $"{Kind} {Namespace}/{Name}";
}

/// <summary>The resource that uses a certificate object (the holder of the reference).</summary>
public readonly record struct CertificateUser(string Group, string Kind, string Namespace, string Name);

/// <summary>
/// Key Vault's word on the certificate an object holds (<see cref="KeyVaultAnnotations.Expiry"/>, written by the
/// sync on a near-expiry or expired event) and the resources that use the object, which are told.
/// </summary>
public sealed record KeyVaultExpiryMark(string State, string? Versions, SortedSet<CertificateUser> Users);

/// <summary>What a look inside an object was for.</summary>
public enum CertificateUse
{
    /// <summary><c>tls.crt</c> and <c>tls.key</c>: a certificate a listener serves (its status names the subject).</summary>
    ServerCertificate,

    /// <summary><c>tls.crt</c> and <c>tls.key</c>: a certificate presented to backends.</summary>
    ClientCertificate,

    /// <summary>A CA bundle to verify against.</summary>
    CaBundle,
}

/// <summary>One look inside an object and what it gave: certificates (one for a key pair) or a problem.</summary>
public sealed record CertificateRead(CertificateUse Use, IReadOnlyList<CertificateIr>? Certificates, string? Error)
{
    /// <summary>The problem is the content itself (a key missing, unparsable PEM, a key not matching), not validity.</summary>
    public bool Unreadable { get; init; }
}

/// <summary>
/// The one place the translator looks inside Secrets and ConfigMaps. Every look is remembered, by object, with
/// what it gave: when only some of these objects change in a later snapshot, looking again at just those tells
/// whether anything but certificate bytes changed (<see cref="CertificateRotation"/>).
/// </summary>
public sealed class CertificateLookups(TranslationContext context)
{
    private static readonly string[] PreferredCaKeys = ["ca.crt", "tls.crt"];
    private readonly Dictionary<CertificateObject, List<CertificateRead>> _reads = [];
    private readonly Dictionary<CertificateObject, KeyVaultExpiryMark> _expiryMarks = [];
    private readonly Dictionary<CertificateObject, CertificateIr> _kept = [];

    /// <summary>Every look of this translation, by object.</summary>
    public IReadOnlyDictionary<CertificateObject, List<CertificateRead>> Reads => _reads;

    /// <summary>The objects looked at that Key Vault marked near expiry or expired, with their users.</summary>
    public IReadOnlyDictionary<CertificateObject, KeyVaultExpiryMark> ExpiryMarks => _expiryMarks;

    /// <summary><c>tls.crt</c> and <c>tls.key</c> of a Secret (any type); null when there is no such Secret.</summary>
    /// <param name="use"><see cref="CertificateUse.ServerCertificate"/> or <see cref="CertificateUse.ClientCertificate"/>.</param>
    public Result<CertificateIr>? KeyPair(string ns, string name, CertificateUse use, CertificateUser user) =>
        KeyPairRead(ns, name, use, user) is { } read ? AsKeyPair(read) : null;

    /// <summary>
    /// A listener's certificate Secret, like <see cref="KeyPair"/>. When its content cannot be used (not when it is
    /// only expired or missing) and a listener of the last translation served a certificate from this Secret that is
    /// still valid now, that certificate comes back as <c>Previous</c>, to keep serving, with the problem.
    /// </summary>
    public (Result<CertificateIr> Pair, CertificateIr? Previous)? ServerKeyPair(string ns, string name, CertificateUser user)
    {
        if (KeyPairRead(ns, name, CertificateUse.ServerCertificate, user) is not { } read)
        {
            return null;
        }
        var key = new CertificateObject("Secret", ns, name);
        if (read.Error is null || !read.Unreadable
            || context.PreviousServerCertificates.GetValueOrDefault(key.Source) is not { } previous
            || previous.NotAfter < context.Options.Time.GetUtcNow())
        {
            return (AsKeyPair(read), null);
        }
        _kept[key] = previous;
        context.Certificates.HoldsUntil(previous.NotAfter);
        return (AsKeyPair(read), previous);
    }

    /// <summary>
    /// The certificate each listener Secret served in an IR, by source (<c>Secret ns/name</c>): what the next
    /// translation may keep serving should the Secret's content become unusable.
    /// </summary>
    public static IReadOnlyDictionary<string, CertificateIr> ServedByListeners(GatewayIr ir)
    {
        var served = new Dictionary<string, CertificateIr>(StringComparer.Ordinal);
        foreach (var listener in ir.Ports.SelectMany(p => p.ListenerTls))
        {
            served.TryAdd(listener.Certificate.Source, listener.Certificate);
        }
        return served;
    }

    /// <summary>The listener Secrets whose last served certificate this translation kept serving.</summary>
    public IReadOnlyDictionary<CertificateObject, CertificateIr> Kept => _kept;

    private CertificateRead? KeyPairRead(string ns, string name, CertificateUse use, CertificateUser user)
    {
        if (context.Secret(ns, name) is not { } secret)
        {
            return null;
        }
        var key = new CertificateObject("Secret", ns, name);
        MarkExpiry(key, secret.Metadata, user);
        return Remember(key, Look(use, "Secret", ns, name, ObjectPem.Of(secret), context.Certificates));
    }

    private static Result<CertificateIr> AsKeyPair(CertificateRead read) =>
        read.Error is null ? Result<CertificateIr>.Ok(read.Certificates![0]) : Result<CertificateIr>.Fail(read.Error);

    /// <summary>
    /// The CA certificates of a ConfigMap or Secret, from the key Envoy Gateway would use: <c>ca.crt</c>, then
    /// <c>tls.crt</c>, then the only key when there is exactly one. Null when there is no such object.
    /// </summary>
    public Result<IReadOnlyList<CertificateIr>>? CaBundle(string kind, string ns, string name, CertificateUser user)
    {
        var (entries, metadata) = kind == "ConfigMap"
            ? context.ConfigMap(ns, name) is { } configMap ? (ObjectPem.Of(configMap), configMap.Metadata) : (null, null)
            : context.Secret(ns, name) is { } secret ? (ObjectPem.Of(secret), secret.Metadata) : (null, null);
        if (entries is null)
        {
            return null;
        }
        var key = new CertificateObject(kind, ns, name);
        MarkExpiry(key, metadata!, user);
        var read = Remember(key, Look(CertificateUse.CaBundle, kind, ns, name, entries, context.Certificates));
        return read.Error is null ? Result<IReadOnlyList<CertificateIr>>.Ok(read.Certificates!) : Result<IReadOnlyList<CertificateIr>>.Fail(read.Error);
    }

    /// <summary>What one use of an object's entries gives; the same for a first look and a look again.</summary>
    public static CertificateRead Look(
        CertificateUse use, string kind, string ns, string name, IReadOnlyDictionary<string, string> entries, CertificateMaterial material)
    {
        var source = new CertificateObject(kind, ns, name).Source;
        if (use != CertificateUse.CaBundle)
        {
            var (pair, unreadable) = material.JudgeKeyPair(source, entries.GetValueOrDefault("tls.crt"), entries.GetValueOrDefault("tls.key"));
            return pair.Error is null ? new CertificateRead(use, [pair.Value!], null) : new CertificateRead(use, null, pair.Error) { Unreadable = unreadable };
        }
        var key = PreferredCaKeys.FirstOrDefault(entries.ContainsKey) ?? (entries.Count == 1 ? entries.Keys.Single() : null);
        if (key is null)
        {
            return new CertificateRead(use, null, $"{source} has no CA certificate: expected the key ca.crt, tls.crt or a single key");
        }
        var bundle = material.Bundle(source, entries[key]);
        return new CertificateRead(use, bundle.Value, bundle.Error);
    }

    private void MarkExpiry(CertificateObject key, V1ObjectMeta metadata, CertificateUser user)
    {
        var annotations = metadata.Annotations;
        if (annotations is null || !annotations.TryGetValue(KeyVaultAnnotations.Expiry, out var state) || string.IsNullOrEmpty(state))
        {
            return;
        }
        if (!_expiryMarks.TryGetValue(key, out var mark))
        {
            mark = new KeyVaultExpiryMark(state, annotations.TryGetValue(KeyVaultAnnotations.Version, out var versions) ? versions : null, []);
            _expiryMarks[key] = mark;
        }
        mark.Users.Add(user);
    }

    private CertificateRead Remember(CertificateObject key, CertificateRead read)
    {
        if (!_reads.TryGetValue(key, out var reads))
        {
            reads = [];
            _reads[key] = reads;
        }
        reads.Add(read);
        return read;
    }
}
