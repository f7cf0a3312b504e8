using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// The Functions host binds an eventGridTrigger through its Event Grid extension; the SDK installs it from this.
[assembly: ExtensionInformation("Microsoft.Azure.WebJobs.Extensions.EventGrid", "3.3.0")]

namespace AzureGateway.Functions.Events;

/// <summary>
/// The Event Grid trigger, declared here because the worker's Event Grid extension package is not available to
/// this build. The SDK names a binding after its attribute, so this one yields the <c>eventGridTrigger</c> binding
/// the host's extension serves; the host hands the function each event as its JSON text.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class EventGridTriggerAttribute : TriggerBindingAttribute
{
}
