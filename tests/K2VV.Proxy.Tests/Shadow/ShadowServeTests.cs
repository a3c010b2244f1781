using System.Text;
using System.Text.Json.Nodes;
using K2VV.Proxy.Commands;
using K2VV.Proxy.Hosting;
using K2VV.Proxy.Shadow;
using K2VV.Proxy.Tests.Fakes;
using K2VV.Proxy.Tests.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace K2VV.Proxy.Tests.Shadow;

/// <summary>
/// Shadow traffic through the real <c>k2vv serve</c> host: a fake vendor and a fake official
/// API on loopback respond differently to the same requests, and <c>/metrics</c> must show the
/// exact confusion matrix.
/// </summary>
public sealed class ShadowServeTests
{
    private const string ShadowKey = "sk-shadow-e2e-key";
    private const string CaseModel = "kimi-k2-0905-preview";
    private const string OfficialModel = "kimi-k2-official-e2e";

    [Fact]
    public async Task Serve_BugCasesShadowed_MetricsShowExactMatrix()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var official = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        vendor.Responder = request => VendorResponse.FromCase(BugCase.Get(CaseId(request)).Upstream!);
        official.Responder = request => VendorResponse.FromCase(OfficialTemplate(BugCase.Get(CaseId(request))).Upstream!);
        var logs = new CollectingLoggerProvider();
        await using var proxy = await StartProxyAsync(vendor, official, new ShadowApiKey(ShadowKey), logs);

        var cases = BugCase.WithUpstream;
        var expected = new Dictionary<string, int> { ["tp"] = 0, ["fp"] = 0, ["fn"] = 0, ["tn"] = 0 };
        foreach (var bugCase in cases)
        {
            using (var response = await ChatRequests.PostAsync(proxy.Client, ClientBody(bugCase)))
            {
                await ChatRequests.ReadBodyAsync(response);
            }

            expected[ExpectedOutcome(VendorFinishReason(bugCase), VendorFinishReason(OfficialTemplate(bugCase)))]++;
        }

        Assert.All(expected.Values, count => Assert.True(count > 0, "every outcome must occur at least once"));
        var metrics = await WaitForShadowRequestsAsync(proxy, cases.Count);

        foreach (var (outcome, count) in expected)
        {
            Assert.True(count == metrics.Sum("k2vv_trigger_comparisons_total", ("vendor", "default"), ("outcome", outcome)), $"{outcome}: expected {count}; got {string.Join("; ", metrics.Lines("k2vv_trigger_comparisons_total"))}");
        }

        Assert.Equal(0, metrics.Sum("k2vv_shadow_requests_total", ("outcome", "dropped")));
        Assert.Equal(cases.Count, metrics.Sum("k2vv_shadow_requests_total", ("vendor", "default"), ("outcome", "completed")));

        // The official API receives only the shadow key, and the vendor only the client's key.
        Assert.Equal(cases.Count, official.Requests.Count);
        foreach (var request in official.Requests)
        {
            Assert.Equal("Bearer " + ShadowKey, request.Headers["Authorization"]);
            Assert.Equal(OfficialModel, JsonNode.Parse(request.Body)!["model"]!.GetValue<string>());
        }

        Assert.Equal(cases.Count, vendor.Requests.Count);
        foreach (var request in vendor.Requests)
        {
            Assert.Equal("Bearer sk-test-not-a-real-key", request.Headers["Authorization"]);
            Assert.Equal(CaseModel, JsonNode.Parse(request.Body)!["model"]!.GetValue<string>());
            Assert.DoesNotContain(request.Headers.Values, value => value.Contains(ShadowKey, StringComparison.Ordinal));
        }

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(ShadowKey, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("sk-test-not-a-real-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_OfficialApiStalls_ClientResponseUnaffected()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var official = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        var bugCase = BugCase.Get("baseline-stream-arg-deltas");
        var vendorResponse = VendorResponse.FromCase(bugCase.Upstream!);
        vendor.Respond(vendorResponse);

        // The official API sends its first chunk, then stalls until the client is done.
        var officialTemplate = VendorResponse.FromCase(BugCase.Get("stream-markup-in-reasoning").Upstream!);
        official.Respond(new VendorResponse
        {
            Status = officialTemplate.Status,
            Headers = officialTemplate.Headers,
            Chunks = officialTemplate.Chunks,
            BeforeChunk = (_, cancellationToken) => release.Task.WaitAsync(cancellationToken),
        });
        await using var proxy = await StartProxyAsync(vendor, official, new ShadowApiKey(ShadowKey), new CollectingLoggerProvider());

        using (var response = await ChatRequests.PostAsync(proxy.Client, ClientBody(bugCase)))
        {
            var (body, error) = await ChatRequests.ReadBodyAsync(response);
            Assert.Null(error);
            Assert.Equal(vendorResponse.Body, body);
        }

        await official.NextRequestAsync(TestProxy.Timeout);
        var before = MetricsSnapshot.Parse(await proxy.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(0, before.Sum("k2vv_trigger_comparisons_total"));

        release.SetResult();
        var after = await WaitForShadowRequestsAsync(proxy, 1);
        Assert.Equal(1, after.Sum("k2vv_trigger_comparisons_total", ("outcome", "fp")));
    }

    [Fact]
    public async Task Serve_ShadowRateWithoutKey_FailsAtStart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["K2VV:Upstream"] = "http://127.0.0.1:9/v1",
            ["K2VV:Shadow:SampleRate"] = "0.5",
        };

        // The options are checked while the host is built or started, whichever resolves them first.
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = ProxyHost.Build(settings, configure: builder => builder.Services.AddSingleton(new ShadowApiKey(null)));
            await app.StartAsync().WaitAsync(TestProxy.Timeout);
        });

        Assert.Contains(ShadowOptions.ApiKeyEnvironmentVariable, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shadow-model", "no-separator")]
    [InlineData("--shadow-rate", "1.5")]
    public async Task ServeCommand_InvalidShadowFlag_ExitsWithCode2(string flag, string value)
    {
        var command = ServeCommand.Create();

        var exitCode = await command.Parse(["--urls", "http://127.0.0.1:0", "--upstream", "http://127.0.0.1:9/v1", flag, value])
            .InvokeAsync().WaitAsync(TestProxy.Timeout);

        Assert.Equal(2, exitCode);
    }

    private static async Task<TestProxyHandle> StartProxyAsync(FakeVendor vendor, FakeVendor official, ShadowApiKey key, CollectingLoggerProvider logs)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["K2VV:Upstream"] = new Uri(vendor.BaseAddress, "/v1").ToString(),
            ["K2VV:Shadow:SampleRate"] = "1",
            ["K2VV:Shadow:UpstreamBaseUrl"] = new Uri(official.BaseAddress, "/v1").ToString(),
            ["K2VV:Shadow:ModelMapEntries:0"] = $"{CaseModel}={OfficialModel}",
        };
        var app = ProxyHost.Build(settings, configure: builder =>
        {
            builder.Services.AddSingleton(key);
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        });
        await app.StartAsync().WaitAsync(TestProxy.Timeout);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestProxyHandle(app, TestProxy.CreateClient(new Uri(address)));
    }

    private static async Task<MetricsSnapshot> WaitForShadowRequestsAsync(TestProxyHandle proxy, int count)
    {
        using var timeout = new CancellationTokenSource(TestProxy.Timeout);
        while (true)
        {
            var text = await proxy.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), timeout.Token);
            var metrics = MetricsSnapshot.Parse(text);
            if (metrics.Sum("k2vv_shadow_requests_total") >= count)
            {
                return metrics;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>The client body of <paramref name="bugCase"/>, tagged with its id so both fakes can find the case.</summary>
    private static byte[] ClientBody(BugCase bugCase)
    {
        var request = bugCase.Request.DeepClone().AsObject();
        request["user"] = bugCase.Id;
        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    private static string CaseId(RecordedRequest request) =>
        JsonNode.Parse(request.Body)!["user"]!.GetValue<string>();

    /// <summary>
    /// Chooses the official API's response to a case: the case's own <c>shadow</c> finish reason
    /// when it has one, otherwise tool_calls and stop in turn, in the case's stream form.
    /// </summary>
    private static BugCase OfficialTemplate(BugCase bugCase)
    {
        var officialFinish = bugCase.OfficialFinishReason
            ?? (BugCase.WithUpstream.ToList().FindIndex(c => c.Id == bugCase.Id) % 2 == 0 ? "tool_calls" : "stop");
        return (officialFinish, bugCase.IsStream) switch
        {
            ("tool_calls", false) => BugCase.Get("baseline-nonstream-valid"),
            ("tool_calls", true) => BugCase.Get("baseline-stream-arg-deltas"),
            (_, false) => BugCase.Get("markup-content-stop-callid"),
            (_, true) => BugCase.Get("stream-markup-in-reasoning"),
        };
    }

    /// <summary>The K2VV finish reason of the case's upstream response; an HTTP error status counts as a failure (null).</summary>
    private static string? VendorFinishReason(BugCase bugCase) =>
        bugCase.Status is >= 200 and <= 299 ? bugCase.ExpectedK2vvFinishReason : null;

    private static string ExpectedOutcome(string? vendor, string? official) =>
        (vendor == "tool_calls", official == "tool_calls") switch
        {
            (true, true) => "tp",
            (true, false) => "fp",
            (false, true) => "fn",
            (false, false) => "tn",
        };

    private sealed class TestProxyHandle(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync().WaitAsync(TestProxy.Timeout);
            await app.DisposeAsync();
        }
    }
}
