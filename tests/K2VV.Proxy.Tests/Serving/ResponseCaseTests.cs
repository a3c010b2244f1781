using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Proxy.Tests.Fakes;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>Every response-side bug case through the real proxy: bytes to the client, and metrics.</summary>
public sealed class ResponseCaseTests : IClassFixture<ProxyWithVendor>
{
    private const string Vendor = "default";
    private readonly ProxyWithVendor _fixture;

    public ResponseCaseTests(ProxyWithVendor fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string> ResponseCaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var bugCase in BugCase.ResponseCases)
        {
            data.Add(bugCase.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ResponseCaseIds))]
    public async Task ChatCompletion_ResponseCase_ClientGetsVendorBytes(string id)
    {
        var bugCase = BugCase.Get(id);
        var expected = bugCase.Response();
        _fixture.Vendor.Respond(expected);

        using var response = await ChatRequests.PostAsync(_fixture.Proxy.Client, bugCase.RequestBytes());
        var (body, error) = await ChatRequests.ReadBodyAsync(response);

        Assert.Equal(expected.Status, (int)response.StatusCode);
        Assert.Equal(expected.Body, body);
        foreach (var name in new[] { "content-type", "content-encoding", "retry-after" })
        {
            if (expected.Headers.TryGetValue(name, out var value))
            {
                Assert.Equal(value, HeaderValue(response, name));
            }
        }

        if (expected.ResetAfterBody)
        {
            Assert.NotNull(error);
        }
        else
        {
            Assert.Null(error);
        }
    }

    [Theory]
    [MemberData(nameof(ResponseCaseIds))]
    public async Task ChatCompletion_ResponseCase_CountsExpectedMetrics(string id)
    {
        var bugCase = BugCase.Get(id);
        var upstream = bugCase.Response();
        _fixture.Vendor.Respond(upstream);
        var proxy = _fixture.Proxy;
        var model = bugCase.Request["model"]!.GetValue<string>();
        var stream = bugCase.IsStream ? "true" : "false";
        var expect = bugCase.Expect;
        var findings = expect["failure_reasons"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();

        var before = await proxy.ScrapeAsync();
        var recorded = proxy.Recorded;
        using (var response = await ChatRequests.PostAsync(proxy.Client, bugCase.RequestBytes()))
        {
            await ChatRequests.ReadBodyAsync(response);
        }

        await proxy.WaitForRecordedAsync(recorded + 1);
        var after = await proxy.ScrapeAsync();
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        var isHttpError = upstream.Status >= 400;
        Assert.Equal(isHttpError ? 0 : 1, Delta("k2vv_chat_completions_total", ("vendor", Vendor)));
        Assert.Equal(isHttpError ? 1 : 0, Delta("k2vv_unverified_responses_total", ("vendor", Vendor)));
        if (!isHttpError)
        {
            var finishLabel = FinishLabel(expect["finish_reason"]);
            Assert.Equal(1, Delta("k2vv_chat_completions_total", ("vendor", Vendor), ("model", model), ("stream", stream), ("finish_reason", finishLabel)));
        }

        foreach (var finding in findings)
        {
            Assert.Equal(1, Delta("k2vv_tool_call_findings_total", ("vendor", Vendor), ("model", model), ("finding", finding)));
        }

        Assert.Equal(findings.Count, Delta("k2vv_tool_call_findings_total", ("vendor", Vendor)));

        var isToolCallResponse = !isHttpError && expect["k2vv_finish_reason"]?.GetValueKind() == JsonValueKind.String
            && expect["k2vv_finish_reason"]!.GetValue<string>() == "tool_calls";
        var valid = expect["k2vv_tool_calls_valid"]?.GetValueKind() == JsonValueKind.True;
        Assert.Equal(isToolCallResponse && valid ? 1 : 0, Delta("k2vv_tool_call_responses_total", ("vendor", Vendor), ("verdict", "valid")));
        Assert.Equal(isToolCallResponse && !valid ? 1 : 0, Delta("k2vv_tool_call_responses_total", ("vendor", Vendor), ("verdict", "invalid")));

        var toolCalls = isHttpError ? 0 : expect["tool_calls_count"]!.GetValue<int>();
        Assert.Equal(toolCalls, Delta("k2vv_tool_calls_total", ("vendor", Vendor), ("model", model)));
        Assert.Equal(1, Delta("k2vv_upstream_duration_seconds_count", ("vendor", Vendor), ("model", model), ("stream", stream)));
    }

    private static string FinishLabel(JsonNode? finishReason) =>
        finishReason?.GetValueKind() == JsonValueKind.String ? finishReason.GetValue<string>() switch
        {
            "stop" or "tool_calls" or "length" or "content_filter" => finishReason.GetValue<string>(),
            _ => "other",
        } : "none";

    private static string? HeaderValue(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
        {
            return string.Join(", ", values);
        }

        return null;
    }
}
