namespace AzureGateway.Functions.Hosting;

/// <summary>The port the Functions host forwards invocations to, when the host runs the app.</summary>
internal static class CustomHandlerPort
{
    /// <summary>The variable the Functions host sets when it starts a custom handler.</summary>
    public const string Variable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>
    /// Under the Functions host, listens on loopback at the port the host chose: the host is the only caller and
    /// enforces the function keys, so the handler must not be reachable from outside. Run alone, the usual
    /// ASP.NET Core settings (<c>ASPNETCORE_URLS</c>, <c>--urls</c>) decide.
    /// </summary>
    public static void ListenWhereTheHostExpects(WebApplicationBuilder builder)
    {
        if (builder.Configuration[Variable] is { Length: > 0 } port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
    }
}
