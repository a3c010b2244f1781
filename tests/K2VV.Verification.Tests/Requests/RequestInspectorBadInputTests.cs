using System.Text;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using Xunit;

namespace K2VV.Verification.Tests.Requests;

public class RequestInspectorBadInputTests
{
    public static TheoryData<string, string> UnreadableBodies => new()
    {
        { "empty", "" },
        { "not JSON", "hello" },
        { "truncated", """{"model":"k","messages":[{"role":"assistant","tool_calls":[{"id":"a""" },
        { "trailing text", """{"model":"k"} x""" },
        { "array", """[{"model":"k"}]""" },
        { "string", "\"text\"" },
        { "null", "null" },
        { "number", "42" },
        { "comment", """{"model":"k" /* note */}""" },
        { "trailing comma", """{"model":"k",}""" },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public void Inspect_UnreadableBody_ReturnsError(string label, string json)
    {
        foreach (var mode in Enum.GetValues<ToolIdRewriteMode>())
        {
            var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(json), mode);

            Assert.True(inspection.Request is null, $"{label} in {mode} gave a request");
            Assert.False(string.IsNullOrEmpty(inspection.Error), $"{label} in {mode} gave no error");
            Assert.Null(inspection.RewrittenBody);
            Assert.Same(RewriteReport.None, inspection.Rewrite);
        }
    }

    [Fact]
    public void Inspect_InvalidUtf8InString_ReturnsError()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"assistant","tool_calls":[{"id":"AB","function":{"name":"f"}}]}]}""");
        int position = Array.IndexOf(body, (byte)'A');
        body[position] = 0xC3;
        body[position + 1] = 0x28;

        var inspection = RequestInspector.Inspect(body, ToolIdRewriteMode.Canonical);

        Assert.Null(inspection.Request);
        Assert.Contains("UTF-8", inspection.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NestingBeyondLimit_ReturnsError()
    {
        int depth = RequestInspector.MaxDepth + 1;
        var json = """{"messages":""" + new string('[', depth - 1) + new string(']', depth - 1) + "}";

        var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(json), ToolIdRewriteMode.Canonical);

        Assert.Null(inspection.Request);
        Assert.NotNull(inspection.Error);
    }

    [Fact]
    public void Inspect_NestingAtLimit_Parses()
    {
        int depth = RequestInspector.MaxDepth;
        var json = """{"metadata":""" + new string('[', depth - 1) + new string(']', depth - 1) + "}";

        var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(json), ToolIdRewriteMode.Canonical);

        Assert.Null(inspection.Error);
        Assert.NotNull(inspection.Request);
    }

    [Fact]
    public void Inspect_VeryDeepBody_ReturnsError()
    {
        var json = new string('[', 100_000) + new string(']', 100_000);

        var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(json), ToolIdRewriteMode.Canonical);

        Assert.Null(inspection.Request);
        Assert.NotNull(inspection.Error);
    }

    [Theory]
    [InlineData("""{"messages":"not an array"}""")]
    [InlineData("""{"messages":null}""")]
    [InlineData("""{"messages":[1,"x",null,[],{"role":5},{"role":"assistant","tool_calls":"nope"},{"role":"assistant","tool_calls":{"id":"a"}}]}""")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[null,7,{"id":null},{"id":"a","function":null},{"id":"b","function":{"name":null}}]}]}""")]
    [InlineData("""{"messages":[{"role":"tool"},{"role":"tool","tool_call_id":null},{"role":"tool","tool_call_id":{"x":1}}]}""")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"function":{"name":"f"}},{}]},{"role":"tool","tool_call_id":[]},{"role":"tool"}]}""")]
    public void Inspect_MalformedHistory_ForwardsValidJson(string json)
    {
        foreach (var mode in Enum.GetValues<ToolIdRewriteMode>())
        {
            var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(json), mode);

            Assert.Null(inspection.Error);
            Assert.NotNull(inspection.Request);
            if (inspection.RewrittenBody is { } rewritten)
            {
                using var document = System.Text.Json.JsonDocument.Parse(rewritten);
                Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind);
            }
        }
    }

    [Fact]
    public void Inspect_EmptyCallObject_GetsIdWithoutComma()
    {
        var json = """{"messages":[{"role":"assistant","tool_calls":[{"function":{"name":"f"}}]},{}]}""";
        var toolOnly = """{"messages":[{"role":"assistant","tool_calls":[{"id":"a","function":{"name":"f"}}]},{"role":"tool"}]}""";

        var first = RequestInspector.Inspect(Encoding.UTF8.GetBytes(json), ToolIdRewriteMode.Canonical);
        var second = RequestInspector.Inspect(Encoding.UTF8.GetBytes(toolOnly), ToolIdRewriteMode.Canonical);

        Assert.Equal(
            """{"messages":[{"role":"assistant","tool_calls":[{"function":{"name":"f"},"id":"functions.f:0"}]},{}]}""",
            Encoding.UTF8.GetString(first.RewrittenBody!.Value.Span));
        Assert.Equal(
            """{"messages":[{"role":"assistant","tool_calls":[{"id":"functions.f:0","function":{"name":"f"}}]},{"role":"tool","tool_call_id":"functions.f:0"}]}""",
            Encoding.UTF8.GetString(second.RewrittenBody!.Value.Span));
    }

    [Fact]
    public void Inspect_HugeRepeatedIdHistory_PairsAll()
    {
        // One message with many calls sharing an id, then as many results: FIFO pairing must stay linear.
        const int Calls = 40_000;
        var builder = new StringBuilder("""{"model":"k","messages":[{"role":"assistant","tool_calls":[""");
        for (int i = 0; i < Calls; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append("""{"id":"x","function":{"name":"f"}}""");
        }

        builder.Append("]}");
        for (int i = 0; i < Calls + 1; i++)
        {
            builder.Append(""",{"role":"tool","tool_call_id":"x"}""");
        }

        builder.Append("]}");

        var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(builder.ToString()), ToolIdRewriteMode.Canonical);

        Assert.Equal(Calls, inspection.Request!.HistoryToolCallCount);
        Assert.Equal(Calls, inspection.Rewrite.Renamed);
        Assert.Equal(1, inspection.Rewrite.Orphans);
        var forwarded = Encoding.UTF8.GetString(inspection.RewrittenBody!.Value.Span);
        Assert.EndsWith($$"""{"role":"tool","tool_call_id":"functions.f:{{Calls - 1}}"},{"role":"tool","tool_call_id":"x"}]}""", forwarded, StringComparison.Ordinal);
    }
}
