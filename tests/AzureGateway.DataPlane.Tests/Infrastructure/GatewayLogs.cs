using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// The gateway's log as the tests read it: kept by a <see cref="FakeLogCollector"/> from a level on (Warning unless
/// told), each entry read back as a console log shows it, so tests assert what an operator would read and why.
/// </summary>
internal static class GatewayLogs
{
    /// <summary>
    /// A logger factory for the data plane that keeps its entries at <paramref name="minimumLevel"/> and above in
    /// <paramref name="logs"/>. The level is the factory's, as a host's would be, so the data plane sees the lines
    /// below it as disabled and writes none of them.
    /// </summary>
    public static ILoggerFactory Into(FakeLogCollector logs, LogLevel minimumLevel = LogLevel.Warning) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(minimumLevel).AddProvider(new FakeLoggerProvider(logs)));

    extension(FakeLogCollector logs)
    {
        /// <summary>
        /// Each entry as <c>Level: message</c>; one with an exception ends with it, stack trace included, so a test can
        /// assert that a line carries none.
        /// </summary>
        public IReadOnlyList<string> Lines => [.. logs.GetSnapshot().Select(Line)];
    }

    private static string Line(FakeLogRecord record) => record.Exception is null
        ? $"{record.Level}: {record.Message}"
        : $"{record.Level}: {record.Message}\n{record.Exception}";
}
