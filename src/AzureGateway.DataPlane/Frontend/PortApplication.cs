using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>The host's application as one port's server runs it: each request is told which port it came on.</summary>
internal sealed class PortApplication<TContext>(IHttpApplication<TContext> application, GatewayPortFeature port) : IHttpApplication<TContext>
    where TContext : notnull
{
    public TContext CreateContext(IFeatureCollection contextFeatures)
    {
        contextFeatures.Set(port);
        return application.CreateContext(contextFeatures);
    }

    public Task ProcessRequestAsync(TContext context) => application.ProcessRequestAsync(context);

    public void DisposeContext(TContext context, Exception? exception) => application.DisposeContext(context, exception);
}
