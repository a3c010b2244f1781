using System.Text;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>Hostile request shapes inspect within bounded time and memory.</summary>
public sealed class RequestInspectorLimitTests(ITestOutputHelper output)
{
    private const string History = """
        "messages":[{"role":"assistant","tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"call_a","content":"ok"}]
        """;

    private Measured Inspect(byte[] body, ToolIdRewriteMode mode, out RequestInspection inspection, string label)
    {
        RequestInspection? result = null;
        var measured = Measured.Run(() => result = RequestInspector.Inspect(body, mode));
        inspection = result!;
        output.WriteLine($"{label}: {body.Length} bytes, {measured}, error: {inspection.Error ?? "none"}");
        RequestInspectorMutationTests.AssertInspectHolds(body, mode, label);
        return measured;
    }

    [Fact]
    public void Inspect_Depth10000_IsUnreadableQuickly()
    {
        var body = Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":" + new string('[', 10_000) + new string(']', 10_000) + "}]}");

        var measured = Inspect(body, ToolIdRewriteMode.Canonical, out var inspection, "depth 10,000");

        Assert.Null(inspection.Request);
        Assert.NotNull(inspection.Error);
        Assert.True(measured.Elapsed < TimeSpan.FromSeconds(2), measured.ToString());
        Assert.True(measured.AllocatedBytes < 1 << 20, measured.ToString());
    }

    [Fact]
    public void Inspect_100MegabyteString_RewritesWithOneCopy()
    {
        var text = new string('x', 100 << 20);
        var body = Encoding.UTF8.GetBytes("{\"model\":\"k2\"," + History.Replace("\"ok\"", "\"" + text + "\"", StringComparison.Ordinal) + "}");
        text = null;

        var measured = Inspect(body, ToolIdRewriteMode.Canonical, out var inspection, "100 MB tool result");

        Assert.Equal(1, inspection.Rewrite.Renamed);
        Assert.NotNull(inspection.RewrittenBody);
        Assert.True(measured.Elapsed < TimeSpan.FromSeconds(10), measured.ToString());

        // Two allocations grow with the body: the spliced copy, and the parse metadata that JsonDocument rents
        // from the shared array pool (a power-of-two buffer near the body's size, reused by later requests).
        Assert.True(measured.AllocatedBytes < 2.5 * body.Length, measured.ToString());
    }

    [Fact]
    public void Inspect_100MegabyteStringWithoutRewrite_MakesNoCopy()
    {
        var body = Encoding.UTF8.GetBytes("{\"model\":\"k2\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('y', 100 << 20) + "\"}]}");

        var measured = Inspect(body, ToolIdRewriteMode.Canonical, out var inspection, "100 MB user message");

        Assert.NotNull(inspection.Request);
        Assert.Null(inspection.RewrittenBody);
        Assert.True(measured.Elapsed < TimeSpan.FromSeconds(10), measured.ToString());
        Assert.True(measured.AllocatedBytes < 1.5 * body.Length, measured.ToString());
    }

    [Theory]
    [InlineData("duplicate keys", """{"model":"a","model":"b","stream":true,"stream":false,"messages":[],"messages":[{"role":"assistant","role":"assistant","tool_calls":[{"id":"x","id":"y","function":{"name":"f","name":"g"}}]},{"role":"tool","tool_call_id":"x","tool_call_id":"y"}]}""")]
    [InlineData("NaN literals", """{"model":"k","temperature":NaN,"messages":[{"role":"assistant","tool_calls":[{"id":"x","function":{"name":"f","arguments":NaN}}]}]}""")]
    [InlineData("NaN in arguments", """{"model":"k","messages":[{"role":"assistant","tool_calls":[{"id":"x","function":{"name":"f","arguments":"{\"a\":NaN,\"b\":-Infinity}"}}]}]}""")]
    [InlineData("huge numbers", """{"model":"k","max_tokens":1e999999,"seed":123456789012345678901234567890123456789012345678901234567890,"messages":[{"role":"assistant","tool_calls":[{"id":12345678901234567890123,"function":{"name":"f"}}]},{"role":"tool","tool_call_id":-1e400}]}""")]
    public void Inspect_OddJson_NeverThrows(string label, string json)
    {
        foreach (var mode in Enum.GetValues<ToolIdRewriteMode>())
        {
            var measured = Inspect(Encoding.UTF8.GetBytes(json), mode, out _, $"{label}, {mode}");

            Assert.True(measured.Elapsed < TimeSpan.FromSeconds(1), measured.ToString());
        }
    }

    [Fact]
    public void Inspect_TenThousandTools_ReadsEveryToolInBoundedMemory()
    {
        var builder = new StringBuilder("{\"model\":\"k\",").Append(History).Append(",\"tools\":[");
        for (int i = 0; i < 10_000; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append("{\"type\":\"function\",\"function\":{\"name\":\"tool_").Append(i)
                .Append("\",\"parameters\":{\"type\":\"object\",\"properties\":{\"p").Append(i).Append("\":{\"type\":\"string\"}}}}}");
        }

        var body = Encoding.UTF8.GetBytes(builder.Append("]}").ToString());

        var measured = Inspect(body, ToolIdRewriteMode.Canonical, out var inspection, "10,000 tools");

        Assert.Equal(10_000, inspection.Request!.Tools.Count);
        Assert.Equal("tool_9999", inspection.Request.Tools[^1].Name);
        Assert.True(measured.Elapsed < TimeSpan.FromSeconds(5), measured.ToString());
        // Each tool's schema is cloned out of the body (about 1.2 KB per tool here).
        Assert.True(measured.AllocatedBytes < 32 << 20, measured.ToString());
    }
}
