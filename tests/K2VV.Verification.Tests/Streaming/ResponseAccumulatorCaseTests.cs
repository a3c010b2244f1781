using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Streaming;
using Xunit;

namespace K2VV.Verification.Tests.Streaming;

public sealed class ResponseAccumulatorCaseTests
{
    public static TheoryData<string> CaseIds => [.. BugCase.Ids];

    public static TheoryData<string> StreamedCaseIds => [.. BugCase.StreamedIds];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Complete_BugCase_MatchesExpectedFinishAndCount(string id)
    {
        var bugCase = BugCase.Get(id);

        var response = bugCase.Accumulate();

        var expectedFinish = bugCase.Expect.GetProperty("finish_reason");
        Assert.Equal(expectedFinish.ValueKind == JsonValueKind.Null ? null : expectedFinish.GetString(), response.FinishReason);
        Assert.Equal(bugCase.Expect.GetProperty("tool_calls_count").GetInt32(), response.ToolCalls.Count);
        Assert.Null(response.UnverifiedReason);
        if (bugCase.Expect.TryGetProperty("usage", out var usage))
        {
            Assert.Equal(
                new TokenUsage(usage.GetProperty("prompt_tokens").GetInt64(), usage.GetProperty("completion_tokens").GetInt64(), usage.GetProperty("total_tokens").GetInt64()),
                response.Usage);
        }
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void ToK2vvResponse_BugCase_RecordsReferenceFinishReason(string id)
    {
        var bugCase = BugCase.Get(id);
        var model = bugCase.Request.GetProperty("model").GetString();

        var recorded = bugCase.Accumulate().ToK2vvResponse(model);

        var expected = bugCase.Expect.GetProperty("k2vv_finish_reason");
        var choices = recorded?["choices"] as JsonArray;
        var finishReason = choices is { Count: > 0 } ? choices[0]?["finish_reason"]?.GetValue<string>() : null;
        Assert.Equal(expected.ValueKind == JsonValueKind.Null ? null : expected.GetString(), finishReason);
    }

    [Theory]
    [MemberData(nameof(StreamedCaseIds))]
    public void Append_RandomRechunking_GivesSameAccumulation(string id)
    {
        var bugCase = BugCase.Get(id);
        var model = bugCase.Request.GetProperty("model").GetString();
        var expected = bugCase.Accumulate();
        var expectedRecord = expected.ToK2vvResponse(model)?.ToJsonString();

        for (var seed = 1; seed <= 40; seed++)
        {
            var response = bugCase.Accumulate(bugCase.Rechunk(seed, maxChunk: 1 + (seed % 23)));

            Assert.Equal(expected.FinishReason, response.FinishReason);
            Assert.Equal(expected.Content, response.Content);
            Assert.Equal(expected.ReasoningContent, response.ReasoningContent);
            Assert.Equal(expected.HasDoneMarker, response.HasDoneMarker);
            Assert.Equal(expected.Usage, response.Usage);
            Assert.Equal(
                expected.ToolCalls.Select(call => (call.Id, call.Name, call.Arguments.GetRawText())),
                response.ToolCalls.Select(call => (call.Id, call.Name, call.Arguments.GetRawText())));
            Assert.Equal(expectedRecord, response.ToK2vvResponse(model)?.ToJsonString());
        }
    }

    [Fact]
    public void ToK2vvResponse_JsonBody_IsTheParsedBody()
    {
        var bugCase = BugCase.Get("baseline-nonstream-valid");

        var recorded = bugCase.Accumulate().ToK2vvResponse("ignored-model");

        var expected = bugCase.Line.GetProperty("upstream").GetProperty("body");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.GetRawText()), recorded));
    }

    [Fact]
    public void ToK2vvResponse_Stream_BuildsReferenceDict()
    {
        var bugCase = BugCase.Get("stream-usage-chunk-empty-choices");

        var recorded = bugCase.Accumulate().ToK2vvResponse("requested-model")!;

        Assert.Equal("chatcmpl-s01", recorded["id"]!.GetValue<string>());
        Assert.Equal("chat.completion", recorded["object"]!.GetValue<string>());
        Assert.Equal(1760000000, recorded["created"]!.GetValue<long>());
        Assert.Equal("requested-model", recorded["model"]!.GetValue<string>());
        Assert.Null(recorded["usage"]);
        var message = recorded["choices"]![0]!["message"]!;
        Assert.Equal("assistant", message["role"]!.GetValue<string>());
        Assert.Equal(string.Empty, message["content"]!.GetValue<string>());
        var call = message["tool_calls"]![0]!;
        Assert.Equal("functions.lookup_order:0", call["id"]!.GetValue<string>());
        Assert.Equal("function", call["type"]!.GetValue<string>());
        Assert.Equal("lookup_order", call["function"]!["name"]!.GetValue<string>());
        Assert.Equal("{\"order_id\": \"K-9\"}", call["function"]!["arguments"]!.GetValue<string>());
    }

    [Fact]
    public void ToK2vvResponse_ParallelCallsSameIndex_MergesByIndex()
    {
        var response = BugCase.Get("parallel-same-index-distinct-ids").Accumulate();

        var calls = response.ToK2vvResponse(null)!["choices"]![0]!["message"]!["tool_calls"]!.AsArray();

        var call = Assert.Single(calls);
        Assert.Equal("functions.list_dir:0", call!["id"]!.GetValue<string>());
        Assert.Equal("read_file", call["function"]!["name"]!.GetValue<string>());
        Assert.Equal("{\"path\": \"/srv/app\"}{\"path\": \"/srv/app/README\"}", call["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal(2, response.ToolCalls.Count);
        Assert.True(response.ParallelCallsShareIndex);
    }

    [Fact]
    public void ToK2vvResponse_NoChunks_DefaultsToStopWithoutToolCalls()
    {
        var recorded = BugCase.Get("stream-empty-only-done").Accumulate().ToK2vvResponse(null)!;

        Assert.Equal(string.Empty, recorded["model"]!.GetValue<string>());
        Assert.Null(recorded["id"]);
        Assert.Equal("stop", recorded["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Null(recorded["choices"]![0]!["message"]!["tool_calls"]);
    }

    [Fact]
    public void ToK2vvResponse_ReasoningStream_LeavesReasoningOut()
    {
        var response = BugCase.Get("stream-markup-in-reasoning").Accumulate();

        var message = response.ToK2vvResponse(null)!["choices"]![0]!["message"]!.AsObject();

        Assert.False(message.ContainsKey("reasoning_content"));
        Assert.Contains("<|tool_call_begin|>", response.ReasoningContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stream-connection-reset")]
    [InlineData("stream-error-chunk-mid-stream")]
    [InlineData("http-429-rate-limited")]
    [InlineData("http-502-html-body")]
    public void ToK2vvResponse_ReferenceFailure_IsNull(string id)
    {
        var response = BugCase.Get(id).Accumulate();

        Assert.NotNull(response.ReferenceFailure);
        Assert.Null(response.ToK2vvResponse("m"));
    }
}
