using K2VV.Proxy.Shadow;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace K2VV.Proxy.Tests.Shadow;

public sealed class PerMinuteBudgetTests
{
    [Fact]
    public void TryTake_LimitReached_RefusesUntilNextMinute()
    {
        var time = new FakeTimeProvider();
        var budget = new PerMinuteBudget(2, time);

        Assert.True(budget.TryTake());
        Assert.True(budget.TryTake());
        Assert.False(budget.TryTake());

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(budget.TryTake());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(budget.TryTake());
    }

    [Fact]
    public void TryTake_ZeroLimit_NeverRefuses()
    {
        var budget = new PerMinuteBudget(0, new FakeTimeProvider());

        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(budget.TryTake());
        }
    }
}
