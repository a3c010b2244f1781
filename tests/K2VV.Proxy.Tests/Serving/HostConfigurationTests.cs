using System.Net;
using System.Net.Sockets;
using K2VV.Proxy.Hosting;
using K2VV.Proxy.Tests.Fakes;
using Microsoft.Extensions.Options;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>Start-up validation, several vendors from the ReverseProxy section, and the metrics port.</summary>
public sealed class HostConfigurationTests
{
    [Theory]
    [InlineData("K2VV:Upstream", "ftp://example.invalid/v1", "K2VV:Upstream")]
    [InlineData("K2VV:Upstream", "not a url", "K2VV:Upstream")]
    [InlineData("K2VV:Verification", "maybe", "K2VV:Verification")]
    [InlineData("K2VV:ToolIdRewrite", "sometimes", "K2VV:ToolIdRewrite")]
    [InlineData("K2VV:MaxRequestBodyBytes", "0", "K2VV:MaxRequestBodyBytes")]
    [InlineData("K2VV:MetricsPort", "70000", "K2VV:MetricsPort")]
    [InlineData("K2VV:Vendor", "a b", "K2VV:Vendor")]
    public void Build_InvalidSetting_ThrowsNamingTheSetting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0", [key] = value };

        var error = Assert.Throws<OptionsValidationException>(() => ProxyHost.Build(settings));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UpstreamAndReverseProxyRoutes_ThrowsAskingForOne()
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["K2VV:Upstream"] = "http://127.0.0.1:1/v1",
            ["ReverseProxy:Routes:a:ClusterId"] = "alpha",
            ["ReverseProxy:Routes:a:Match:Path"] = "/vendors/alpha/{**rest}",
            ["ReverseProxy:Clusters:alpha:Destinations:d:Address"] = "http://127.0.0.1:1/",
        };

        var error = Assert.Throws<OptionsValidationException>(() => ProxyHost.Build(settings));

        Assert.Contains("use one of them", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReverseProxySection_TwoVendors_ClusterIdIsVendorLabel()
    {
        await using var alpha = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var beta = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        var bugCase = BugCase.Get("baseline-nonstream-valid");
        alpha.Respond(bugCase.Response());
        beta.Respond(bugCase.Response());
        var settings = new Dictionary<string, string?>();
        foreach (var (name, vendor) in new[] { ("alpha", alpha), ("beta", beta) })
        {
            settings[$"ReverseProxy:Routes:{name}:ClusterId"] = name;
            settings[$"ReverseProxy:Routes:{name}:Match:Path"] = $"/vendors/{name}/{{**rest}}";
            settings[$"ReverseProxy:Routes:{name}:Transforms:0:PathRemovePrefix"] = $"/vendors/{name}";
            settings[$"ReverseProxy:Clusters:{name}:Destinations:upstream:Address"] = vendor.BaseAddress.ToString();
        }

        await using var proxy = await TestProxy.StartAsync(upstream: null, settings);
        using (var response = await ChatRequests.PostAsync(proxy.Client, bugCase.RequestBytes(), "/vendors/beta/v1/chat/completions"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var received = await beta.NextRequestAsync(TestProxy.Timeout);
        await proxy.WaitForRecordedAsync(1);
        var metrics = await proxy.ScrapeAsync();
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Empty(alpha.Requests);
        Assert.Equal(1, metrics.Sum("k2vv_upstream_duration_seconds_count", ("vendor", "beta")));
        Assert.Equal(0, metrics.Sum("k2vv_upstream_duration_seconds_count", ("vendor", "alpha")));
        Assert.True(metrics.Has("k2vv_unverified_responses_total", ("vendor", "alpha"), ("reason", "request_too_large")));
    }

    [Fact]
    public async Task MetricsPort_Set_MetricsOnlyOnThatPort()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        var port = FreePort();
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"), new Dictionary<string, string?> { ["K2VV:MetricsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var metricsClient = TestProxy.CreateClient(new Uri($"http://127.0.0.1:{port}"));

        var onMetricsPort = await metricsClient.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(TestProxy.Timeout);
        using var onProxyPort = await proxy.Client.GetAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(TestProxy.Timeout);

        Assert.Contains("k2vv_unverified_responses_total", onMetricsPort, StringComparison.Ordinal);
        Assert.DoesNotContain("k2vv_", await onProxyPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_TwoProxiesInOneProcess_DoNotShareCounters()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        vendor.Respond(BugCase.Get("baseline-nonstream-valid").Response());
        await using var first = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"), new Dictionary<string, string?> { ["K2VV:MaxRequestBodyBytes"] = "10" });
        await using var second = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"));

        using (await ChatRequests.PostAsync(first.Client, BugCase.Get("baseline-nonstream-valid").RequestBytes()))
        {
        }

        await first.WaitForRecordedAsync(1);
        Assert.Equal(1, (await first.ScrapeAsync()).Sum("k2vv_unverified_responses_total", ("reason", "request_too_large")));
        Assert.Equal(0, (await second.ScrapeAsync()).Sum("k2vv_unverified_responses_total", ("reason", "request_too_large")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
