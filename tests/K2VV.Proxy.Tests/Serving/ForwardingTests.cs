using System.Net;
using System.Net.Http.Headers;
using System.Text;
using K2VV.Proxy.Tests.Fakes;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>Routing and pass-through: paths, other methods, limits, health and verification off.</summary>
public sealed class ForwardingTests
{
    [Fact]
    public async Task ChatCompletion_UpstreamWithPathPrefix_VendorSeesPrefixedPath()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/api/v1"));
        var bugCase = BugCase.Get("baseline-nonstream-valid");
        vendor.Respond(bugCase.Response());

        using var response = await ChatRequests.PostAsync(proxy.Client, bugCase.RequestBytes());

        var received = await vendor.NextRequestAsync(TestProxy.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/api/v1/chat/completions", received.Path);
        Assert.Equal("Bearer sk-test-not-a-real-key", received.Headers["Authorization"]);
    }

    [Fact]
    public async Task GetModels_UnderV1_ForwardedUntouched()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/api/v1"));
        var models = VendorResponse.Json("""{"object":"list","data":[{"id":"kimi-k2-0905-preview","object":"model"}]}""");
        vendor.Respond(models);

        using var response = await proxy.Client.GetAsync(new Uri("/v1/models?limit=2", UriKind.Relative)).WaitAsync(TestProxy.Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(TestProxy.Timeout);

        var received = await vendor.NextRequestAsync(TestProxy.Timeout);
        Assert.Equal("GET", received.Method);
        Assert.Equal("/api/v1/models", received.Path);
        Assert.Equal("?limit=2", received.Query);
        Assert.Equal(models.Body, body);
        Assert.Equal(0, proxy.Recorded);
    }

    [Fact]
    public async Task OtherPath_OutsideV1_ForwardedToUpstreamOriginUnchanged()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/api/v1"));
        vendor.Respond(VendorResponse.Json("{}"));

        using var content = new StringContent("x=1", Encoding.UTF8, "text/plain");
        using var response = await proxy.Client.PutAsync(new Uri("/other/path?q=a%2Fb", UriKind.Relative), content).WaitAsync(TestProxy.Timeout);

        var received = await vendor.NextRequestAsync(TestProxy.Timeout);
        Assert.Equal("PUT", received.Method);
        Assert.Equal("/other/path", received.Path);
        Assert.Equal("?q=a%2Fb", received.Query);
        Assert.Equal("x=1"u8.ToArray(), received.Body);
    }

    [Fact]
    public async Task Healthz_Requested_AnswersHealthy()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"));

        using var response = await proxy.Client.GetAsync(new Uri("/healthz", UriKind.Relative)).WaitAsync(TestProxy.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Empty(vendor.Requests);
    }

    [Fact]
    public async Task VerificationOff_HistoryToRewrite_ForwardsBytesAndMovesNoCounter()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"), new Dictionary<string, string?> { ["K2VV:Verification"] = "off" });
        var history = BugCase.Get("hist-openai-call-ids");
        var invalid = BugCase.Get("invalid-json-missing-brace");
        vendor.Respond(invalid.Response());
        var before = await proxy.ScrapeAsync();

        using (var response = await ChatRequests.PostAsync(proxy.Client, history.RequestBytes()))
        {
            Assert.Equal(invalid.Response().Body, (await ChatRequests.ReadBodyAsync(response)).Body);
        }

        var received = await vendor.NextRequestAsync(TestProxy.Timeout);
        var after = await proxy.ScrapeAsync();
        Assert.Equal(history.RequestBytes(), received.Body);
        foreach (var metric in new[] { "k2vv_chat_completions_total", "k2vv_unverified_responses_total", "k2vv_tool_call_findings_total", "k2vv_tool_call_responses_total", "k2vv_tool_call_id_rewrites_total", "k2vv_upstream_duration_seconds_count" })
        {
            Assert.Equal(before.Sum(metric), after.Sum(metric));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ChatCompletion_BodyAboveLimit_ForwardedUnchangedAndCounted(bool sendContentLength)
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"), new Dictionary<string, string?> { ["K2VV:MaxRequestBodyBytes"] = "1024" });
        vendor.Respond(BugCase.Get("baseline-nonstream-valid").Response());
        var padding = new string('x', 40_000);
        var body = Encoding.UTF8.GetBytes($$"""{"model":"kimi-k2-0905-preview","messages":[{"role":"user","content":"{{padding}}"}]}""");
        var before = await proxy.ScrapeAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/chat/completions", UriKind.Relative))
        {
            Content = sendContentLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await proxy.Client.SendAsync(request).WaitAsync(TestProxy.Timeout);

        var received = await vendor.NextRequestAsync(TestProxy.Timeout);
        await proxy.WaitForRecordedAsync(1);
        var after = await proxy.ScrapeAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, received.Body);
        Assert.Equal(1, after.Sum("k2vv_unverified_responses_total", ("reason", "request_too_large")) - before.Sum("k2vv_unverified_responses_total", ("reason", "request_too_large")));
    }

    [Fact]
    public async Task ChatCompletion_BodyNotJson_ForwardedUnchangedAndCounted()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"));
        vendor.Respond(VendorResponse.Json("""{"error":{"message":"bad request"}}""", 400));
        var body = "model=kimi&stream=true"u8.ToArray();

        using var response = await ChatRequests.PostAsync(proxy.Client, body);

        var received = await vendor.NextRequestAsync(TestProxy.Timeout);
        await proxy.WaitForRecordedAsync(1);
        var after = await proxy.ScrapeAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(body, received.Body);
        Assert.Equal(1, after.Sum("k2vv_unverified_responses_total", ("reason", "request_not_json")));
    }

    [Fact]
    public async Task ChatCompletion_UpstreamDown_Answers502AndCounted()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var proxy = await TestProxy.StartAsync(new Uri($"http://127.0.0.1:{port}/v1"));
        using var response = await ChatRequests.PostAsync(proxy.Client, BugCase.Get("baseline-nonstream-valid").RequestBytes());

        await proxy.WaitForRecordedAsync(1);
        var after = await proxy.ScrapeAsync();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, after.Sum("k2vv_unverified_responses_total", ("reason", "upstream_unavailable")));
    }

    // Hides the length so HttpClient sends the body chunked, without a Content-Length.
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
