using System.Text;
using K2VV.Verification.Requests;
using K2VV.Verification.Schemas;
using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;
using Xunit;

namespace K2VV.Verification.Tests.Verdicts;

/// <summary>Findings that need no schema check: every call names a tool the request did not declare.</summary>
public sealed class StrictFindingsTests
{
    private static readonly ToolSchemaValidator Validator = new();

    private static ChatRequest Request(ToolChoiceKind choice = ToolChoiceKind.Auto, string? choiceName = null, int history = 0) =>
        new("m", false, [], choice, choiceName, history);

    private static AccumulatedResponse Body(string json)
    {
        using var accumulator = new ResponseAccumulator(200, "application/json", null, requestedStream: false);
        accumulator.Append(Encoding.UTF8.GetBytes(json));
        return accumulator.Complete(StreamEnd.Clean);
    }

    private static AccumulatedResponse WithCalls(string finishReason, params (string Id, string Name)[] calls)
    {
        var toolCalls = string.Join(",", calls.Select(call =>
            $$$"""{"id":"{{{call.Id}}}","type":"function","function":{"name":"{{{call.Name}}}","arguments":"{}"}}"""));
        return Body($$$"""{"choices":[{"index":0,"message":{"content":null,"tool_calls":[{{{toolCalls}}}]},"finish_reason":"{{{finishReason}}}"}]}""");
    }

    [Fact]
    public void Collect_NamedChoiceOtherTool_IsViolated()
    {
        var findings = StrictFindings.Collect(Request(ToolChoiceKind.Named, "f"), WithCalls("tool_calls", ("functions.g:0", "g")), Validator);

        Assert.Contains(FindingSlugs.ToolChoiceViolated, findings);
        Assert.Contains(FindingSlugs.UnknownTool, findings);
    }

    [Fact]
    public void Collect_NoneChoiceWithCall_IsViolated()
    {
        var findings = StrictFindings.Collect(Request(ToolChoiceKind.None), WithCalls("tool_calls", ("functions.g:0", "g")), Validator);

        Assert.Contains(FindingSlugs.ToolChoiceViolated, findings);
    }

    [Fact]
    public void Collect_RequiredChoiceWithCall_IsNotViolated()
    {
        var findings = StrictFindings.Collect(Request(ToolChoiceKind.Required), WithCalls("tool_calls", ("functions.g:0", "g")), Validator);

        Assert.DoesNotContain(FindingSlugs.ToolChoiceViolated, findings);
    }

    [Fact]
    public void Collect_IdIndexAfterHistory_IsGlobal()
    {
        var findings = StrictFindings.Collect(Request(history: 3), WithCalls("tool_calls", ("functions.g:3", "g"), ("functions.h:4", "h")), Validator);

        Assert.DoesNotContain(FindingSlugs.IdIndexNotGlobal, findings);
        Assert.DoesNotContain(FindingSlugs.BadIdFormat, findings);
    }

    [Fact]
    public void Collect_IdIndexRestartsPerTurn_IsNotGlobal()
    {
        var findings = StrictFindings.Collect(Request(history: 3), WithCalls("tool_calls", ("functions.g:0", "g")), Validator);

        Assert.Contains(FindingSlugs.IdIndexNotGlobal, findings);
    }

    [Fact]
    public void Collect_ContentFilterWithCalls_IsToolCallsWithStop()
    {
        var findings = StrictFindings.Collect(Request(), WithCalls("content_filter", ("functions.g:0", "g")), Validator);

        Assert.Contains(FindingSlugs.ToolCallsWithStop, findings);
    }

    [Fact]
    public void Collect_EmptyBody_IsEmptyResponse()
    {
        var findings = StrictFindings.Collect(Request(), Body(string.Empty), Validator);

        Assert.Equal([FindingSlugs.EmptyResponse], findings);
    }

    [Fact]
    public void Collect_NonJsonSuccessBody_IsNonJsonBody()
    {
        var findings = StrictFindings.Collect(Request(), Body("<html>ok</html>"), Validator);

        Assert.Equal([FindingSlugs.NonJsonBody], findings);
    }

    [Theory]
    [InlineData("functions.get_forecast:0", true)]
    [InlineData("functions.ns:tool:12", true)]
    [InlineData("functions.get_forecast", false)]
    [InlineData("get_forecast:0", false)]
    [InlineData("functions.:0", false)]
    [InlineData("functions.f:-1", false)]
    public void TryParse_IdShapes_MatchCanonicalForm(string id, bool expected)
    {
        Assert.Equal(expected, ToolCallIdFormat.TryParse(id, out _, out _));
    }

    [Fact]
    public void CallIds_Markup_ReturnsEachId()
    {
        const string Text = "<|tool_calls_section_begin|><|tool_call_begin|> functions.a:0 {\"x\":1}<|tool_call_end|><|tool_call_begin|>call_9<|tool_call_argument_begin|>{}<|tool_call_end|>";

        Assert.Equal(["functions.a:0", "call_9"], ToolCallMarkup.CallIds(Text));
    }
}
