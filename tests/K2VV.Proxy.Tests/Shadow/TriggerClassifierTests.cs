using K2VV.Proxy.Shadow;
using Xunit;

namespace K2VV.Proxy.Tests.Shadow;

public sealed class TriggerClassifierTests
{
    [Theory]
    [InlineData("tool_calls", "tool_calls", "tp")]
    [InlineData("tool_calls", "stop", "fp")]
    [InlineData("tool_calls", null, "fp")]
    [InlineData("tool_calls", "length", "fp")]
    [InlineData("stop", "tool_calls", "fn")]
    [InlineData(null, "tool_calls", "fn")]
    [InlineData("stop", "stop", "tn")]
    [InlineData(null, null, "tn")]
    [InlineData("length", "stop", "tn")]
    public void Classify_FinishReasonPair_ReturnsK2vvCell(string? vendor, string? official, string expectedLabel)
    {
        Assert.Equal(expectedLabel, TriggerClassifier.Classify(vendor, official).ToLabel());
    }
}
