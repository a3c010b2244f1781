using System.Text;
using System.Text.Json;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using K2VV.Verification.Schemas;
using K2VV.Verification.Tests.Streaming;
using K2VV.Verification.Verdicts;
using Xunit;

namespace K2VV.Verification.Tests.Verdicts;

public sealed class VerdictEvaluatorCaseTests
{
    private static readonly VerdictEvaluator Evaluator = new(new ToolSchemaValidator());

    public static TheoryData<string> CaseIds => [.. BugCase.Ids];

    public static TheoryData<string> StreamedCaseIds => [.. BugCase.StreamedIds];

    internal static ChatRequest RequestOf(BugCase bugCase)
    {
        var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(bugCase.Request.GetRawText()), ToolIdRewriteMode.Off);
        Assert.Null(inspection.Error);
        return inspection.Request!;
    }

    private static bool? ExpectedBool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static string? ExpectedString(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetString();

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Evaluate_BugCase_MatchesExpect(string id)
    {
        var bugCase = BugCase.Get(id);
        var expect = bugCase.Expect;

        var verdict = Evaluator.Evaluate(RequestOf(bugCase), bugCase.Accumulate());

        Assert.Equal(ExpectedString(expect.GetProperty("finish_reason")), verdict.FinishReason);
        Assert.Equal(ExpectedString(expect.GetProperty("k2vv_finish_reason")), verdict.K2vvFinishReason);
        Assert.Equal(expect.GetProperty("tool_calls_count").GetInt32(), verdict.ToolCallCount);
        var recorded = expect.TryGetProperty("k2vv_record_tool_calls_valid", out var record)
            ? ExpectedBool(record)
            : ExpectedBool(expect.GetProperty("k2vv_tool_calls_valid"));
        Assert.Equal(recorded, verdict.ToolCallsValid);
        bool? summaryView = verdict.IsToolCallResponse ? verdict.IsSchemaValid : null;
        Assert.Equal(ExpectedBool(expect.GetProperty("k2vv_tool_calls_valid")), summaryView);
        var expectedFindings = expect.GetProperty("failure_reasons").EnumerateArray().Select(slug => slug.GetString()!).Order();
        Assert.Equal(expectedFindings, verdict.Findings.Order());
        if (expect.TryGetProperty("usage", out var usage))
        {
            Assert.Equal(usage.GetProperty("total_tokens").GetInt64(), verdict.Usage?.TotalTokens);
            Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64(), verdict.Usage?.PromptTokens);
            Assert.Equal(usage.GetProperty("completion_tokens").GetInt64(), verdict.Usage?.CompletionTokens);
        }
    }

    [Theory]
    [MemberData(nameof(StreamedCaseIds))]
    public void Evaluate_RandomRechunking_GivesSameVerdict(string id)
    {
        var bugCase = BugCase.Get(id);
        var request = RequestOf(bugCase);
        var expected = Evaluator.Evaluate(request, bugCase.Accumulate());

        for (var seed = 100; seed < 130; seed++)
        {
            var verdict = Evaluator.Evaluate(request, bugCase.Accumulate(bugCase.Rechunk(seed, maxChunk: 1 + (seed % 41))));

            Assert.Equal(expected.FinishReason, verdict.FinishReason);
            Assert.Equal(expected.K2vvFinishReason, verdict.K2vvFinishReason);
            Assert.Equal(expected.ToolCallCount, verdict.ToolCallCount);
            Assert.Equal(expected.ToolCallsValid, verdict.ToolCallsValid);
            Assert.Equal(expected.Findings, verdict.Findings);
            Assert.Equal(expected.Usage, verdict.Usage);
        }
    }

    [Fact]
    public void FindingSlugs_All_CoverEveryExpectedSlug()
    {
        var expected = BugCase.Ids
            .SelectMany(id => BugCase.Get(id).Expect.GetProperty("failure_reasons").EnumerateArray())
            .Select(slug => slug.GetString()!)
            .Distinct();

        Assert.All(expected, slug => Assert.Contains(slug, FindingSlugs.All));
    }
}
