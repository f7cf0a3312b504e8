using AzureGateway.Translation.Routes;

namespace AzureGateway.Translation.Tests;

public sealed class GatewayDurationTests
{
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("0h0m0s", 0)]
    [InlineData("500ms", 500)]
    [InlineData("1s500ms", 1_500)]
    [InlineData("00060m", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1h2h20m10m", 12_600_000)]
    [InlineData("99999h", 359_996_400_000)]
    public void Components_are_summed(string text, long milliseconds)
    {
        var problems = new List<string>();

        var parsed = GatewayDuration.Parse(text, "timeouts.request", problems);

        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), parsed);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("1d")]
    [InlineData("100000s")]
    [InlineData("1h1m1s1ms1h")]
    [InlineData("1s ")]
    [InlineData("1s\n")]
    public void Anything_outside_the_format_is_refused_naming_the_field(string text)
    {
        var problems = new List<string>();

        var parsed = GatewayDuration.Parse(text, "retry.backoff", problems);

        Assert.Null(parsed);
        Assert.StartsWith("retry.backoff ", Assert.Single(problems));
    }

    [Fact]
    public void An_absent_duration_is_no_duration_and_no_problem()
    {
        var problems = new List<string>();

        Assert.Null(GatewayDuration.Parse(null, "timeouts.request", problems));
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1ms")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(60_000, "1m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(3_723_004, "1h2m3s4ms")]
    [InlineData(360_000_000, "100h")]
    public void Durations_print_in_the_standard_form(long milliseconds, string text) =>
        Assert.Equal(text, AzureGateway.IR.DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
