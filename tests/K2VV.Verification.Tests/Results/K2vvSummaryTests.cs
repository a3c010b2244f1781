using System.Text.Json.Nodes;
using K2VV.Verification.Results;
using K2VV.Verification.Streaming;
using Xunit;

namespace K2VV.Verification.Tests.Results;

public sealed class K2vvSummaryTests
{
    private static K2vvResult Line(int index, string status, string? finish, bool? valid, TokenUsage? usage = null) =>
        new() { DataIndex = index, Status = status, FinishReason = finish, ToolCallsValid = valid, Usage = usage };

    [Fact]
    public void Compute_MixedResults_CountsAsReference()
    {
        var results = new[]
        {
            Line(1, "success", "stop", null),
            Line(2, "success", "tool_calls", true, new TokenUsage(10, 5, 15)),
            Line(3, "success", "tool_calls", false),
            Line(4, "success", "tool_calls", null),
            Line(5, "failed", null, null),
            Line(6, "success", "length", null, new TokenUsage(1, 2, 3)),
            Line(7, "success", "content_filter", null),
            Line(8, "success", "length", null),
            Line(9, "success", "", null),
        };

        var summary = K2vvSummary.Compute("kimi-k2", results);

        Assert.Equal(8, summary.SuccessCount);
        Assert.Equal(1, summary.FailureCount);
        Assert.Equal(1, summary.FinishStop);
        Assert.Equal(3, summary.FinishToolCalls);
        Assert.Equal(3, summary.FinishOthers);
        Assert.Equal([new("length", 2), new("content_filter", 1)], summary.FinishOthersDetail);
        Assert.Equal(2, summary.SchemaValidationErrorCount);
        Assert.Equal(1, summary.SuccessfulToolCallCount);
        Assert.Equal(new TokenUsage(11, 7, 18), summary.Usage);
    }

    [Fact]
    public void ToJsonText_Summary_MatchesReferenceLayout()
    {
        var summary = K2vvSummary.Compute("模型", [Line(1, "success", "длина", null)]);

        var text = summary.ToJsonText();

        var expected = """
            {
                "model": "模型",
                "success_count": 1,
                "failure_count": 0,
                "finish_stop": 0,
                "finish_tool_calls": 0,
                "finish_others": 1,
                "finish_others_detail": {
                    "длина": 1
                },
                "schema_validation_error_count": 0,
                "successful_tool_call_count": 0,
                "usage": {
                    "prompt_tokens": 0,
                    "completion_tokens": 0,
                    "total_tokens": 0
                }
            }
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void TryParse_WrittenLine_RoundTripsEveryField()
    {
        var written = new K2vvResult
        {
            DataIndex = 7,
            Request = JsonNode.Parse("""{"model":"m","messages":[]}"""),
            Response = JsonNode.Parse("""{"choices":[]}"""),
            Status = "success",
            FinishReason = "tool_calls",
            ToolCallsValid = false,
            LastRunAt = "2026-01-02T03:04:05.123456",
            DurationMs = 42,
            Hash = "abc",
            Findings = ["schema_violation"],
            TtftMs = 9,
            Usage = new TokenUsage(1, 2, 3),
        };

        var read = K2vvResult.TryParse(written.ToJsonObject().ToJsonString());

        Assert.NotNull(read);
        Assert.Equal(7, read.DataIndex);
        Assert.Equal("success", read.Status);
        Assert.Equal("tool_calls", read.FinishReason);
        Assert.False(read.ToolCallsValid);
        Assert.Equal("2026-01-02T03:04:05.123456", read.LastRunAt);
        Assert.Equal(42, read.DurationMs);
        Assert.Equal("abc", read.Hash);
        Assert.Equal(["schema_violation"], read.Findings);
        Assert.Equal(9, read.TtftMs);
        Assert.Equal(new TokenUsage(1, 2, 3), read.Usage);
    }

    [Fact]
    public void ToJsonObject_Line_ReferenceFieldOrder()
    {
        var line = new K2vvResult { DataIndex = 1, Status = "failed" }.ToJsonObject();

        var names = line.Select(entry => entry.Key).Take(9).ToArray();

        Assert.Equal(["data_index", "request", "response", "status", "finish_reason", "tool_calls_valid", "last_run_at", "duration_ms", "hash"], names);
    }

    [Fact]
    public void WriteTo_Line_SameJsonAsToJsonObject()
    {
        var result = new K2vvResult
        {
            DataIndex = 3,
            Request = JsonNode.Parse("""{"model":"m","temperature":1.0,"messages":[{"role":"user","content":"é"}]}"""),
            Response = JsonNode.Parse("""{"error":"Error code: 429"}"""),
            Status = "failed",
            LastRunAt = "2026-01-02T03:04:05",
            DurationMs = 5,
            Hash = "h",
            ExtraBody = JsonNode.Parse("""{"top_k":20}"""),
            Findings = ["upstream_http_error"],
            Usage = new TokenUsage(1, 2, 3),
        };
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            result.WriteTo(writer);
        }

        var written = JsonNode.Parse(stream.ToArray());

        Assert.True(JsonNode.DeepEquals(result.ToJsonObject(), written), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"status":"success"}""")]
    [InlineData("""{"data_index":"3"}""")]
    public void TryParse_NotAResultLine_ReturnsNull(string line)
    {
        Assert.Null(K2vvResult.TryParse(line));
    }
}
