using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes.Filters;

/// <summary>
/// A RequestMirror filter whose settings are valid; its backendRef is resolved later, per Gateway, like any
/// backendRef. <c>FilterIndex</c> is its place in the filter list it came from.
/// </summary>
public sealed record PendingMirror(int FilterIndex, BackendObjectReference BackendRef, int Numerator, int Denominator);

/// <summary>
/// RequestMirror settings: which share of requests is copied, as <c>percent</c> (of 100) or <c>fraction</c>
/// (numerator of a denominator, 100 by default), never both; neither means every request.
/// </summary>
public static class MirrorTranslator
{
    public static PendingMirror? Translate(int filterIndex, HttpRequestMirrorFilter mirror, string field, List<string> problems)
    {
        var count = problems.Count;
        if (mirror.BackendRef is null)
        {
            problems.Add($"{field}.backendRef must be set");
        }
        if (mirror.Percent is not null && mirror.Fraction is not null)
        {
            problems.Add($"{field} sets both percent and fraction (one at most)");
        }
        var (numerator, denominator) = (mirror.Percent ?? 100, 100);
        if (mirror.Fraction is { } fraction)
        {
            (numerator, denominator) = (fraction.Numerator ?? -1, fraction.Denominator ?? 100);
            if (fraction.Numerator is null)
            {
                problems.Add($"{field}.fraction.numerator must be set");
            }
            else if (numerator > denominator)
            {
                problems.Add($"{field}.fraction.numerator {numerator} is greater than the denominator {denominator}");
            }
        }
        return problems.Count == count ? new PendingMirror(filterIndex, mirror.BackendRef!, numerator, denominator) : null;
    }
}
