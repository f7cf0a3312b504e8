using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes;

/// <summary>A route with its rules judged and the parents it attached to (or was refused by).</summary>
public sealed record AttachedRoute(
    RouteSource Route, RouteValidation Validation, IReadOnlyList<(ParentReference ParentRef, ParentAttachment Attachment)> Parents)
{
    /// <summary>The listeners the route holds, before conflicts between route kinds: none when its rules are all invalid.</summary>
    public IEnumerable<ListenerAttachment> Listeners => Validation.NotAccepted is null
        ? Parents.Where(p => p.Attachment.NotAccepted is null).SelectMany(p => p.Attachment.Listeners)
        : [];
}
