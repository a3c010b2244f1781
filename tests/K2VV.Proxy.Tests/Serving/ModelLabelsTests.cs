using K2VV.Proxy.Metrics;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

public sealed class ModelLabelsTests
{
    [Fact]
    public void Resolve_ConfiguredModel_AlwaysItsName()
    {
        var labels = new ModelLabels(["kimi-k2"], maxDynamic: 0);

        Assert.Equal("kimi-k2", labels.Resolve("kimi-k2"));
        Assert.Equal("other", labels.Resolve("gpt-x"));
    }

    [Fact]
    public void Resolve_PastDynamicLimit_Other()
    {
        var labels = new ModelLabels([], maxDynamic: 2);

        Assert.Equal("a", labels.Resolve("a"));
        Assert.Equal("b", labels.Resolve("b"));
        Assert.Equal("other", labels.Resolve("c"));
        Assert.Equal("a", labels.Resolve("a"));
    }

    [Fact]
    public void Resolve_MissingOrHostileName_NoneOrOther()
    {
        var labels = new ModelLabels([], maxDynamic: 10);

        Assert.Equal("none", labels.Resolve(null));
        Assert.Equal("other", labels.Resolve(""));
        Assert.Equal("other", labels.Resolve(new string('m', 500)));
        Assert.Equal("other", labels.Resolve("bad\nname"));
    }

    [Fact]
    public void Resolve_ManyThreads_NeverAdmitsMoreThanLimit()
    {
        var labels = new ModelLabels([], maxDynamic: 5);

        var resolved = Enumerable.Range(0, 200).AsParallel().Select(i => labels.Resolve($"model-{i}")).ToList();

        Assert.Equal(5, resolved.Where(l => l != "other").Distinct().Count());
    }
}
