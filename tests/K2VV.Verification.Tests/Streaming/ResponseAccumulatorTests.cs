using System.IO.Compression;
using System.Text;
using K2VV.Verification.Streaming;
using Xunit;

namespace K2VV.Verification.Tests.Streaming;

public sealed class ResponseAccumulatorTests
{
    private const string ToolCallChunk =
        """{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"functions.f:0","type":"function","function":{"name":"f","arguments":"{\"a\":\"é€😀\"}"}}]},"finish_reason":null}]}""";

    private const string FinishChunk = """{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""";

    private static AccumulatedResponse Accumulate(string? encoding, params byte[][] chunks)
    {
        using var accumulator = new ResponseAccumulator(200, "text/event-stream", encoding, requestedStream: true);
        foreach (var chunk in chunks)
        {
            accumulator.Append(chunk);
        }

        return accumulator.Complete(StreamEnd.Clean);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public void Append_AnyLineEnding_FramesEvents(string newline)
    {
        var body = $"data: {ToolCallChunk}{newline}{newline}: keep-alive{newline}{newline}data: {FinishChunk}{newline}{newline}data: [DONE]{newline}{newline}";

        var bytes = Utf8(body);
        var response = Accumulate(null, [.. bytes.Select(b => new[] { b })]);

        Assert.Equal("tool_calls", response.FinishReason);
        Assert.Equal("{\"a\":\"é€😀\"}", Assert.Single(response.ToolCalls).ArgumentsText);
        Assert.True(response.HasDoneMarker);
    }

    [Fact]
    public void Append_SeveralDataLines_JoinsThemWithNewline()
    {
        var body = "data: {\"choices\":[{\"index\":0,\n" + "data: \"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

        var response = Accumulate(null, Utf8(body));

        Assert.Equal("hi", response.Content);
        Assert.Equal("stop", response.FinishReason);
    }

    [Fact]
    public void Complete_EventWithoutBlankLine_IsDropped()
    {
        var response = Accumulate(null, Utf8($"data: {ToolCallChunk}\n\ndata: {FinishChunk}\n"));

        Assert.Null(response.FinishReason);
        Assert.Single(response.ToolCalls);
        Assert.False(response.HasDoneMarker);
    }

    [Fact]
    public void Append_EventsAfterDone_AreIgnored()
    {
        var response = Accumulate(null, Utf8($"data: [DONE]\n\ndata: {ToolCallChunk}\n\n"));

        Assert.Empty(response.ToolCalls);
        Assert.True(response.HasDoneMarker);
    }

    [Fact]
    public void Append_NonJsonEvent_CountsMalformedAndFailsReference()
    {
        var response = Accumulate(null, Utf8($"data: not json\n\ndata: {FinishChunk}\n\ndata: [DONE]\n\n"));

        Assert.Equal(1, response.MalformedEventCount);
        Assert.Equal("tool_calls", response.FinishReason);
        Assert.NotNull(response.ReferenceFailure);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("deflate-raw")]
    [InlineData("br")]
    public void Append_CompressedOneByteChunks_Inflates(string encoding)
    {
        var plain = Utf8($"data: {ToolCallChunk}\n\ndata: {FinishChunk}\n\ndata: [DONE]\n\n");
        using var compressed = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true),
            "deflate-raw" => new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true),
            _ => new BrotliStream(compressed, CompressionLevel.Optimal, leaveOpen: true),
        })
        {
            compressor.Write(plain);
        }

        var header = encoding == "deflate-raw" ? "deflate" : encoding;
        var response = Accumulate(header, [.. compressed.ToArray().Select(b => new[] { b })]);

        Assert.Null(response.UnverifiedReason);
        Assert.Equal("tool_calls", response.FinishReason);
        Assert.Single(response.ToolCalls);
        Assert.True(response.HasDoneMarker);
    }

    [Fact]
    public void Complete_CorruptGzip_IsUnverifiedWithoutThrowing()
    {
        var response = Accumulate("gzip", [0x1f, 0x8b, 0x08, 0x00], Utf8("this is not deflate data at all, not even close"));

        Assert.Equal("content_decoding", response.UnverifiedReason);
        Assert.NotNull(response.ReferenceFailure);
    }

    [Fact]
    public void Complete_UnknownEncoding_IsUnverified()
    {
        var response = Accumulate("zstd", Utf8($"data: {FinishChunk}\n\n"));

        Assert.Equal("content_encoding", response.UnverifiedReason);
    }

    [Fact]
    public void Append_HugeArguments_CapsAndRecordsIt()
    {
        var limits = new AccumulatorLimits { MaxArgumentsChars = 1000, MaxTextChars = 1000 };
        using var accumulator = new ResponseAccumulator(200, "text/event-stream", null, requestedStream: true, limits);
        var fragment = Utf8("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"xxxxxxxxxx\",\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"aaaaaaaaaa\"}}]}}]}\n\n");
        for (var i = 0; i < 10_000; i++)
        {
            accumulator.Append(fragment);
        }

        var response = accumulator.Complete(StreamEnd.Clean);

        Assert.True(response.IsCapped);
        Assert.Equal(1000, response.Content!.Length);
        Assert.Equal(1000, Assert.Single(response.ToolCalls).ArgumentsText!.Length);
    }

    [Fact]
    public void Append_OversizedEvent_IsDroppedAndCapped()
    {
        var limits = new AccumulatorLimits { MaxEventBytes = 64 };
        using var accumulator = new ResponseAccumulator(200, "text/event-stream", null, requestedStream: true, limits);
        accumulator.Append(Utf8("data: " + new string('x', 500) + "\n\n" + "data: {\"choices\":[{\"finish_reason\":\"stop\"}]}\n\n"));

        var response = accumulator.Complete(StreamEnd.Clean);

        Assert.True(response.IsCapped);
        Assert.Equal("stop", response.FinishReason);
    }

    [Fact]
    public void Append_RandomBytes_NeverThrows()
    {
        var random = new Random(7);
        foreach (var (type, encoding) in new[] { ("text/event-stream", (string?)null), ("application/json", null), (null, "gzip"), (null, "br"), (null, "deflate") })
        {
            for (var round = 0; round < 50; round++)
            {
                using var accumulator = new ResponseAccumulator(200, type, encoding, requestedStream: round % 2 == 0);
                var bytes = new byte[random.Next(0, 2000)];
                random.NextBytes(bytes);
                accumulator.Append(bytes);

                var response = accumulator.Complete(StreamEnd.Reset);

                Assert.NotNull(response);
            }
        }
    }

    [Fact]
    public void Complete_UnlabelledJsonBody_IsSniffed()
    {
        using var accumulator = new ResponseAccumulator(200, null, null, requestedStream: false);
        accumulator.Append(Utf8("  {\"choices\":[{\"index\":0,\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}"));

        var response = accumulator.Complete(StreamEnd.Clean);

        Assert.True(response.IsJsonBody);
        Assert.Equal("hi", response.Content);
    }

    [Fact]
    public void Complete_NamedMessageEvent_CountsForCorrectViewOnly()
    {
        var response = Accumulate(null, Utf8($"event: message\ndata: {FinishChunk}\n\ndata: [DONE]\n\n"));

        Assert.Equal("tool_calls", response.FinishReason);
        var recorded = response.ToK2vvResponse(null)!;
        Assert.Equal("stop", recorded["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public void Append_ParallelCallsWithoutIndex_SeparatedById()
    {
        var body = string.Concat(
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"arguments\":\"1}\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");

        var response = Accumulate(null, Utf8(body));

        Assert.Equal(2, response.ToolCalls.Count);
        Assert.Equal(("a", "f", "{\"x\":1}"), (response.ToolCalls[0].Id, response.ToolCalls[0].Name, response.ToolCalls[0].ArgumentsText));
        Assert.Equal(("b", "g", "{}"), (response.ToolCalls[1].Id, response.ToolCalls[1].Name, response.ToolCalls[1].ArgumentsText));
        Assert.False(response.ParallelCallsShareIndex);
        var recorded = response.ToK2vvResponse(null)!["choices"]![0]!["message"]!["tool_calls"]!.AsArray();
        Assert.Equal("{\"x\":{}1}", Assert.Single(recorded)!["function"]!["arguments"]!.GetValue<string>());
    }

    [Fact]
    public void Append_NameSplitAcrossFragments_IsJoined()
    {
        var body = string.Concat(
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"get_\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"forecast\"}}]}}]}\n\n");

        var response = Accumulate(null, Utf8(body));

        Assert.Equal("get_forecast", Assert.Single(response.ToolCalls).Name);
        var recorded = response.ToK2vvResponse(null)!["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal("forecast", recorded["function"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Append_NonStringArgumentsFragment_FailsReference()
    {
        var body = "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}}]}}]}\n\ndata: [DONE]\n\n";

        var response = Accumulate(null, Utf8(body));

        Assert.NotNull(response.ReferenceFailure);
        Assert.Equal("{\"x\":1}", Assert.Single(response.ToolCalls).Arguments.GetRawText());
    }
}
