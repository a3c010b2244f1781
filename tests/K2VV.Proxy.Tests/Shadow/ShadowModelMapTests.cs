using K2VV.Proxy.Shadow;
using Xunit;

namespace K2VV.Proxy.Tests.Shadow;

public sealed class ShadowModelMapTests
{
    [Fact]
    public void TryParse_ValidEntries_LaterEntryWins()
    {
        var map = new Dictionary<string, string>();

        var error = ShadowModelMap.TryParse(["moonshotai/Kimi-K2-Instruct-0905=kimi-k2-0905-preview", "a=b", "a = c "], map);

        Assert.Null(error);
        Assert.Equal("kimi-k2-0905-preview", map["moonshotai/Kimi-K2-Instruct-0905"]);
        Assert.Equal("c", map["a"]);
        Assert.Equal(2, map.Count);
    }

    [Theory]
    [InlineData("no-separator")]
    [InlineData("=official")]
    [InlineData("vendor=")]
    public void TryParse_MalformedEntry_ReturnsErrorWithValue(string entry)
    {
        var error = ShadowModelMap.TryParse([entry], new Dictionary<string, string>());

        Assert.NotNull(error);
        Assert.Contains(entry, error, StringComparison.Ordinal);
        Assert.Contains("vendor-name=official-name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_EmptyMap_SendsModelUnchanged()
    {
        Assert.True(ShadowModelMap.TryResolve(new Dictionary<string, string>(), "any-model", out var official));
        Assert.Null(official);
    }

    [Fact]
    public void TryResolve_NonEmptyMap_MapsOrRejects()
    {
        var map = new Dictionary<string, string> { ["vendor-model"] = "official-model" };

        Assert.True(ShadowModelMap.TryResolve(map, "vendor-model", out var official));
        Assert.Equal("official-model", official);
        Assert.False(ShadowModelMap.TryResolve(map, "other-model", out _));
        Assert.False(ShadowModelMap.TryResolve(map, null, out _));
    }
}
