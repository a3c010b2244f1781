using System.Globalization;
using System.Text;
using K2VV.Proxy.Tests.Fakes;
using K2VV.Proxy.Tests.Serving;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>
/// The built k2vv binary in front of a fake vendor, scraped by a real Prometheus every second:
/// every dashboard and rule expression must evaluate against the metrics the proxy really
/// exports.
/// </summary>
public sealed class ProxyMetricsTests
{
    private const string Vendor = "vendor-a";
    private const int Rounds = 10;
    private const int NonJsonRequestsPerRound = 5;

    private static readonly TimeSpan DataDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private static readonly string[] ProxyMetrics =
    [
        "k2vv_chat_completions_total", "k2vv_tool_call_responses_total", "k2vv_tool_call_findings_total",
        "k2vv_tool_calls_total", "k2vv_trigger_comparisons_total", "k2vv_shadow_requests_total",
        "k2vv_unverified_responses_total", "k2vv_tool_call_id_rewrites_total", "k2vv_upstream_duration_seconds",
        "k2vv_time_to_first_byte_seconds", "k2vv_tokens_total",
    ];

    private static readonly VendorResponse PlainStop = VendorResponse.Json(
        """{"id":"cmpl-plain","object":"chat.completion","created":1760000000,"model":"kimi-k2-0905-preview","choices":[{"index":0,"message":{"role":"assistant","content":"Done."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""");

    // The fake official API's responses cycle through tool_calls, stop and an HTTP 500, so the
    // shadow comparison records every trigger outcome and failed requests.
    private static readonly VendorResponse[] OfficialAnswers =
    [
        SlowJson("""{"id":"cmpl-official","object":"chat.completion","created":1760000000,"model":"kimi-k2-0905-preview","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"functions.lookup_order:0","type":"function","function":{"name":"lookup_order","arguments":"{\"order_id\":\"A-1001\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}""", 200),
        SlowJson("""{"id":"cmpl-official","object":"chat.completion","created":1760000000,"model":"kimi-k2-0905-preview","choices":[{"index":0,"message":{"role":"assistant","content":"Done."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""", 200),
        SlowJson("""{"id":"cmpl-official","object":"chat.completion","created":1760000000,"model":"kimi-k2-0905-preview","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"functions.lookup_order:0","type":"function","function":{"name":"lookup_order","arguments":"{}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}""", 200),
        SlowJson("""{"error":{"message":"overloaded","type":"server_error"}}""", 500),
    ];

    private readonly ITestOutputHelper output;

    public ProxyMetricsTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Fact]
    public async Task Expressions_RealProxyTraffic_EveryExpressionReturnsData()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(RequestTimeout);
        await using var official = await FakeVendor.StartAsync().WaitAsync(RequestTimeout);
        var officialRequests = 0;
        official.Responder = _ => OfficialAnswers[(Interlocked.Increment(ref officialRequests) - 1) % OfficialAnswers.Length];
        // Configured model labels get zero-valued series at start, so Prometheus records every
        // increment of the verdict counters, the first round's included.
        var modelArguments = BugCase.ResponseCases
            .Select(bugCase => bugCase.Request["model"]!.GetValue<string>())
            .Distinct(StringComparer.Ordinal)
            .SelectMany(model => new[] { "--model-label", model });
        // Every request is shadowed, but one slow official request at a time with a queue of four
        // drops most of them, so the shadow drop counters move too.
        string[] shadowArguments = ["--shadow-rate", "1", "--shadow-upstream", new Uri(official.BaseAddress, "/v1").ToString()];
        var shadowEnvironment = new Dictionary<string, string>
        {
            ["K2VV_SHADOW_API_KEY"] = "sk-test-official-not-a-real-key",
            ["K2VV__Shadow__MaxConcurrency"] = "1",
            ["K2VV__Shadow__QueueCapacity"] = "4",
        };
        await using var proxy = await ProxyProcess.StartAsync(
            new Uri(vendor.BaseAddress, "/v1"), ["--vendor", Vendor, .. modelArguments, .. shadowArguments], shadowEnvironment);
        await using var prometheus = await PrometheusServer.StartAsync(proxy.Target, ObservabilityFiles.RuleFiles);
        await WaitForFirstScrapeAsync(prometheus, proxy);

        // Each round replays every bug case, the history cases (tool-call id rewrites) and a few
        // request bodies that are not JSON (unverified). Rounds are more than a scrape interval
        // apart, so Prometheus records the counters growing.
        using var client = TestProxy.CreateClient(proxy.Address);
        for (var round = 0; round < Rounds; round++)
        {
            await SendRoundAsync(client, vendor);
            await Task.Delay(TimeSpan.FromMilliseconds(1200));
        }

        var exported = MetricsSnapshot.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(RequestTimeout));
        var withTraffic = ProxyMetrics.Where(name => exported.Sum(name) > 0 || exported.Sum(name + "_count") > 0).ToHashSet(StringComparer.Ordinal);
        var withoutTraffic = ProxyMetrics.Except(withTraffic).ToArray();
        Assert.True(withoutTraffic.Length == 0, $"The traffic left these metrics at zero: {string.Join(", ", withoutTraffic)}");
        foreach (var line in exported.Lines("k2vv_trigger_comparisons_total").Concat(exported.Lines("k2vv_shadow_requests_total")))
        {
            output.WriteLine(line);
        }

        var rules = await RuleExpressions.LoadRulesAsync(prometheus, RequestTimeout);
        var expressions = DashboardExpressions.LoadPanelQueries(".*", ".*")
            .Concat(DashboardExpressions.LoadPanelQueries(Vendor, ".*"))
            .Concat(DashboardExpressions.LoadVariableQueries(".*", ".*"))
            .Concat(RuleExpressions.ToExpressions(rules))
            .ToArray();
        var failures = await ExpressionProbe.FindExpressionsWithoutDataAsync(prometheus, expressions, DataDeadline);
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {expressions.Length} expressions returned no data:\n{string.Join('\n', failures)}\nPrometheus log:\n{prometheus.Log}");
        output.WriteLine($"{expressions.Length} expressions returned data.");

        // Every round sends the same mix, so the recorded ratio over any window equals the ratio
        // of the proxy's own cumulative counters.
        var valid = exported.Sum("k2vv_tool_call_responses_total", ("verdict", "valid"));
        var all = exported.Sum("k2vv_tool_call_responses_total");
        var recorded = await ExpressionProbe.QueryResultAsync(prometheus, $"k2vv:schema_accuracy:ratio_rate5m{{vendor=\"{Vendor}\"}}", RequestTimeout);
        var accuracy = double.Parse(recorded[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        output.WriteLine($"Schema accuracy: recorded {accuracy:F4}, proxy counters {valid}/{all} = {valid / all:F4}");
        Assert.InRange(accuracy, (valid / all) - 0.01, (valid / all) + 0.01);
    }

    private static VendorResponse SlowJson(string body, int status)
    {
        // Two chunks with a pause between them make each official request take 20 ms.
        var bytes = Encoding.UTF8.GetBytes(body);
        var half = bytes.Length / 2;
        return new VendorResponse
        {
            Status = status,
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            Chunks = [bytes[..half], bytes[half..]],
            BeforeChunk = (_, cancellationToken) => Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken),
        };
    }

    private static async Task SendRoundAsync(HttpClient client, FakeVendor vendor)
    {
        foreach (var bugCase in BugCase.ResponseCases)
        {
            vendor.Respond(bugCase.Response());
            await SendAsync(client, bugCase.RequestBytes());
        }

        vendor.Respond(PlainStop);
        foreach (var bugCase in BugCase.HistoryCases)
        {
            await SendAsync(client, bugCase.RequestBytes());
        }

        for (var i = 0; i < NonJsonRequestsPerRound; i++)
        {
            await SendAsync(client, Encoding.UTF8.GetBytes("this is not JSON"));
        }
    }

    private static async Task SendAsync(HttpClient client, byte[] body)
    {
        using var response = await ChatRequests.PostAsync(client, body);
        await ChatRequests.ReadBodyAsync(response);
    }

    private static async Task WaitForFirstScrapeAsync(PrometheusServer prometheus, ProxyProcess proxy)
    {
        var failures = await ExpressionProbe.FindExpressionsWithoutDataAsync(
            prometheus, [new MonitoringExpression("first scrape of the proxy", "up{job=\"k2vv\"} == 1")], DataDeadline);
        Assert.True(failures.Count == 0, $"Prometheus did not scrape the proxy:\n{string.Join('\n', failures)}\nProxy log:\n{proxy.Log}\nPrometheus log:\n{prometheus.Log}");
    }
}
