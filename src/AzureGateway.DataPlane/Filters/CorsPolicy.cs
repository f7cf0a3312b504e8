using System.Globalization;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AzureGateway.DataPlane.Filters;

/// <summary>
/// A compiled <see cref="CorsIr"/>. A preflight from an allowed origin is answered by the gateway; other requests
/// from an allowed origin are forwarded and their answer gets the CORS response headers. A request from an origin
/// that is not allowed is forwarded untouched, so it gets no CORS header and the browser refuses the answer.
/// </summary>
/// <remarks>
/// The allowed origin is always echoed (never <c>*</c>), with <c>Vary: Origin</c>: the one answer that is right both
/// with and without credentials, which the Gateway API's CORS conformance test accepts in every case. A wildcard in
/// <c>AllowMethods</c> or <c>AllowHeaders</c> is answered with what the preflight asked for, for the same reason:
/// browsers do not honour <c>*</c> on requests with credentials.
/// </remarks>
internal sealed class CorsPolicy
{
    private readonly string[] _exactOrigins;
    private readonly (string Prefix, string Suffix)[] _wildcardOrigins;
    private readonly bool _anyOrigin;
    private readonly bool _anyMethod;
    private readonly bool _anyHeader;
    private readonly string? _allowMethods;
    private readonly string? _allowHeaders;
    private readonly string? _exposeHeaders;
    private readonly string _maxAge;

    public CorsPolicy(CorsIr ir)
    {
        Ir = ir;
        _anyOrigin = ir.AllowOrigins.Contains("*");
        _exactOrigins = [.. ir.AllowOrigins.Where(o => !o.Contains('*', StringComparison.Ordinal))];
        _wildcardOrigins = [.. ir.AllowOrigins.Where(o => o != "*" && o.Contains('*', StringComparison.Ordinal))
            .Select(o => (o[..o.IndexOf('*', StringComparison.Ordinal)], o[(o.IndexOf('*', StringComparison.Ordinal) + 1)..]))];
        _anyMethod = ir.AllowMethods.Contains("*");
        _anyHeader = ir.AllowHeaders.Contains("*");
        _allowMethods = ir.AllowMethods.Count == 0 ? null : string.Join(", ", ir.AllowMethods);
        _allowHeaders = ir.AllowHeaders.Count == 0 ? null : string.Join(", ", ir.AllowHeaders);
        _exposeHeaders = ir.ExposeHeaders.Count == 0 ? null : string.Join(", ", ir.ExposeHeaders);
        _maxAge = ir.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture);
    }

    public CorsIr Ir { get; }

    /// <summary>Answers <paramref name="context"/> when it is a preflight from an allowed origin; false leaves it to be forwarded.</summary>
    public bool TryAnswerPreflight(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsOptions(request.Method)
            || !request.Headers.TryGetValue(HeaderNames.AccessControlRequestMethod, out var requestedMethod)
            || AllowedOrigin(request) is not { } origin)
        {
            return false;
        }
        var headers = context.Response.Headers;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
        headers.AccessControlAllowOrigin = origin;
        headers.Vary = HeaderNames.Origin;
        var methods = _anyMethod ? requestedMethod.ToString() : _allowMethods;
        if (methods is not null)
        {
            headers.AccessControlAllowMethods = methods;
        }
        var allowHeaders = _anyHeader ? request.Headers.AccessControlRequestHeaders.ToString() : _allowHeaders;
        if (!string.IsNullOrEmpty(allowHeaders))
        {
            headers.AccessControlAllowHeaders = allowHeaders;
        }
        if (_exposeHeaders is not null)
        {
            headers.AccessControlExposeHeaders = _exposeHeaders;
        }
        headers.AccessControlMaxAge = _maxAge;
        if (Ir.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
        return true;
    }

    /// <summary>Adds the CORS headers to the answer of a request from an allowed origin, replacing the backend's own.</summary>
    public void ApplyToAnswer(HttpContext context)
    {
        if (AllowedOrigin(context.Request) is not { } origin)
        {
            return;
        }
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        if (Ir.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
        if (_exposeHeaders is not null)
        {
            headers.AccessControlExposeHeaders = _exposeHeaders;
        }
    }

    /// <summary>The request's Origin when it is allowed, else null.</summary>
    private string? AllowedOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }
        if (_anyOrigin)
        {
            return origin;
        }
        foreach (var exact in _exactOrigins)
        {
            if (string.Equals(exact, origin, StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }
        }
        // "https://*.example.com": the star stands for one or more leading labels of the host.
        foreach (var (prefix, suffix) in _wildcardOrigins)
        {
            if (origin.Length > prefix.Length + suffix.Length
                && origin.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }
        }
        return null;
    }
}
