using System.Text;
using K2VV.Verification.Requests;
using K2VV.Verification.Schemas;
using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;
using Xunit;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>Invalid UTF-8, escaped lone surrogates and nested duplicate keys in a response are bad data, not internal errors.</summary>
public sealed class UnreadableStringResponseTests
{
    private static readonly ChatRequest Request = new("k", true, [new ToolDefinition("f", null)], ToolChoiceKind.Auto, null, 0);

    private static readonly VerdictEvaluator Evaluator = new(new ToolSchemaValidator());

    private static AccumulatedResponse Accumulate(string contentType, byte[] body)
    {
        using var accumulator = new ResponseAccumulator(200, contentType, null, requestedStream: contentType.Contains("event", StringComparison.Ordinal));
        accumulator.Append(body);
        return accumulator.Complete(StreamEnd.Clean);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' })]
    public void Complete_UnreadableStringInEvent_CountsMalformedEvent(byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a")
            .Concat(bad)
            .Concat(Encoding.UTF8.GetBytes("\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"))
            .ToArray();

        var response = Accumulate("text/event-stream", body);

        Assert.Null(response.UnverifiedReason);
        Assert.Equal(1, response.MalformedEventCount);
        Assert.Equal("stop", response.FinishReason);
        Assert.Contains(FindingSlugs.NonJsonBody, Evaluator.Evaluate(Request, response).Findings);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'c', (byte)'0', (byte)'0' })]
    public void Evaluate_UnreadableStringInJsonBody_IsNonJsonBody(byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("{\"choices\":[{\"message\":{\"content\":\"a")
            .Concat(bad)
            .Concat(Encoding.UTF8.GetBytes("\"},\"finish_reason\":\"stop\"}]}"))
            .ToArray();

        var response = Accumulate("application/json", body);
        var verdict = Evaluator.Evaluate(Request with { Stream = false }, response);

        Assert.Null(response.UnverifiedReason);
        Assert.False(response.IsJsonBody);
        Assert.Equal([FindingSlugs.NonJsonBody], verdict.Findings);
    }

    [Fact]
    public void Evaluate_NestedDuplicateKey_RecordsNoReferenceResponse()
    {
        var body = """{"choices":[{"index":0,"message":{"content":"a","content":"b"},"finish_reason":"stop"}]}"""u8.ToArray();

        var response = Accumulate("application/json", body);
        var verdict = Evaluator.Evaluate(Request with { Stream = false }, response);

        Assert.Null(response.ToK2vvResponse("k"));
        Assert.Null(verdict.K2vvFinishReason);
        Assert.Equal("stop", verdict.FinishReason);
    }
}
