using AzureGateway.Translation.Routes;

namespace AzureGateway.Translation.Tests;

public sealed class HostnameIntersectionTests
{
    [Theory]
    [InlineData("*.example.com", "foo.example.com", "foo.example.com")]
    [InlineData("*.example.com", "foo.bar.example.com", "foo.bar.example.com")]
    [InlineData("foo.example.com", "*.example.com", "foo.example.com")]
    [InlineData("*.example.com", "*.bar.example.com", "*.bar.example.com")]
    [InlineData("*.bar.example.com", "*.example.com", "*.bar.example.com")]
    [InlineData("www.example.com", "www.example.com", "www.example.com")]
    [InlineData("*.example.com", "*.example.com", "*.example.com")]
    public void Intersection_is_the_more_specific_pattern(string listener, string route, string expected) =>
        Assert.Equal(expected, HostnameIntersection.Intersect(listener, route));

    [Theory]
    [InlineData("*.example.com", "example.com")]
    [InlineData("example.com", "*.example.com")]
    [InlineData("*.example.com", "fooexample.com")]
    [InlineData("*.example.com", "*.example.org")]
    [InlineData("www.example.com", "api.example.com")]
    [InlineData("*.foo.example.com", "bar.example.com")]
    public void Patterns_that_do_not_overlap_have_no_intersection(string listener, string route) =>
        Assert.Null(HostnameIntersection.Intersect(listener, route));

    [Fact]
    public void Neither_listener_nor_route_hostname_serves_every_host() =>
        Assert.Equal(["*"], HostnameIntersection.Effective(null, []));

    [Fact]
    public void A_route_without_hostnames_serves_the_listener_hostname() =>
        Assert.Equal(["*.example.com"], HostnameIntersection.Effective("*.example.com", []));

    [Fact]
    public void A_listener_without_hostname_serves_the_route_hostnames_as_written() =>
        Assert.Equal(["a.test", "*.b.test"], HostnameIntersection.Effective("", ["a.test", "*.b.test", "a.test"]));

    [Fact]
    public void Route_hostnames_outside_the_listener_are_left_out() =>
        Assert.Equal(["a.example.com", "*.example.com"],
            HostnameIntersection.Effective("*.example.com", ["a.example.com", "example.com", "*.com", "other.org"]));
}
