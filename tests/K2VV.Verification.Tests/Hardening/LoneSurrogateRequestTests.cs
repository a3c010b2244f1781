using System.Text;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using Xunit;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>An escaped lone surrogate is valid UTF-8 and valid JSON, but System.Text.Json cannot read it as a string.</summary>
public sealed class LoneSurrogateRequestTests
{
    [Theory]
    [InlineData("""{"\ud800":1,"messages":[]}""")]
    [InlineData("""{"model":"k2\udc00"}""")]
    [InlineData("""{"tools":[{"type":"function","function":{"name":"f\ud800","parameters":{}}}]}""")]
    [InlineData("""{"tool_choice":{"type":"function","function":{"name":"\ud800"}}}""")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"id":"\ud800","function":{"name":"f"}}]}]}""")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"id":"a","function":{"name":"f"}}]},{"role":"tool","tool_call_id":"\udfff"}]}""")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"id":"a","function":{"\ud800":"f"}}]}]}""")]
    public void Inspect_EscapedLoneSurrogate_ReturnsResultWithoutThrowing(string json)
    {
        foreach (var mode in Enum.GetValues<ToolIdRewriteMode>())
        {
            var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(json), mode);

            Assert.True((inspection.Request is null) == (inspection.Error is not null));
            if (inspection.RewrittenBody is { } rewritten)
            {
                Assert.Null(RewriteInvariant.Check(Encoding.UTF8.GetBytes(json), rewritten.ToArray()));
            }
        }
    }

    [Fact]
    public void Inspect_LoneSurrogateKeyBesideMessages_IsUnreadable()
    {
        var inspection = RequestInspector.Inspect("""{"\ud800":1,"messages":[]}"""u8.ToArray(), ToolIdRewriteMode.Canonical);

        Assert.Null(inspection.Request);
        Assert.Null(inspection.RewrittenBody);
        Assert.StartsWith("The request body cannot be read", inspection.Error, StringComparison.Ordinal);
    }
}
