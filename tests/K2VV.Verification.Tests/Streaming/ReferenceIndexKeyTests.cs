using System.Text;
using System.Text.Json.Nodes;
using K2VV.Verification.Streaming;
using Xunit;

namespace K2VV.Verification.Tests.Streaming;

/// <summary>The reference view keys stream fragments by index as a Python dict does.</summary>
public sealed class ReferenceIndexKeyTests
{
    [Theory]
    [InlineData("3", "3.0", 1)]
    [InlineData("0", "false", 1)]
    [InlineData("1", "true", 1)]
    [InlineData("15", "1.5e1", 1)]
    [InlineData("16", "16.0", 1)]
    [InlineData("2", "12", 2)]
    [InlineData("0", "null", 1)]
    public void ToK2vvResponse_FragmentIndexes_GroupAsPythonDictKeys(string first, string second, int expectedCalls)
    {
        var body = new StringBuilder()
            .Append(Event(first, """ "id":"functions.f:0","type":"function","function":{"name":"f","arguments":"{\"a\":"} """))
            .Append(Event(second, """ "function":{"arguments":"1}"} """))
            .Append("""data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""").Append("\n\n")
            .Append("data: [DONE]\n\n")
            .ToString();
        using var accumulator = new ResponseAccumulator(200, "text/event-stream", null, requestedStream: true);
        accumulator.Append(Encoding.UTF8.GetBytes(body));

        var response = accumulator.Complete(StreamEnd.Clean).ToK2vvResponse("m");

        var calls = response!["choices"]![0]!["message"]!["tool_calls"]!.AsArray();
        Assert.Equal(expectedCalls, calls.Count);
        if (expectedCalls == 1)
        {
            Assert.Equal("{\"a\":1}", calls[0]!["function"]!["arguments"]!.GetValue<string>());
        }
    }

    private static string Event(string index, string fragment) =>
        $$$"""data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":{{{index}}},{{{fragment.Trim()}}}}]},"finish_reason":null}]}""" + "\n\n";
}
