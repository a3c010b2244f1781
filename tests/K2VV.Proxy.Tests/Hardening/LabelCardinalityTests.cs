using K2VV.Proxy.Tests.Serving;
using Xunit;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>Model names chosen by clients cannot grow the number of metric series without bound.</summary>
public sealed class LabelCardinalityTests
{
    private const int DistinctModels = 10_000;

    [Fact]
    public async Task Metrics_10000DistinctModelNames_SeriesCountBounded()
    {
        await using var vendor = RawVendor.Start();
        await using var proxy = await ProxyUnderTest.StartAsync(new Uri(vendor.BaseAddress, "/v1"), settings: new Dictionary<string, string?>
        {
            ["K2VV:MaxDynamicModels"] = "50",
        });
        var initial = CountSeries(await proxy.MetricsTextAsync());

        // Non-streamed 429s keep each request cheap; every one still carries its model label.
        vendor.Fault = _ => UpstreamFault.TooManyRequestsEmpty;
        using var gate = new SemaphoreSlim(32);
        var sends = Enumerable.Range(0, DistinctModels).Select(async index =>
        {
            await gate.WaitAsync(TestProxy.Timeout);
            try
            {
                await ClientOutcome.SendAsync(proxy.Client, ClientOutcome.ChatRequest(stream: index % 2 == 0, model: $"client-model-{index}"));
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(90));
        await proxy.WaitForRecordedAsync(DistinctModels);

        // Then a clean response per name past the limit lands in the completion counters as "other".
        vendor.Fault = _ => UpstreamFault.None;
        for (var index = 0; index < 100; index++)
        {
            await ClientOutcome.SendAsync(proxy.Client, ClientOutcome.ChatRequest(model: $"late-model-{index}"));
        }

        await proxy.WaitForRecordedAsync(DistinctModels + 100);
        var text = await proxy.MetricsTextAsync();
        var series = CountSeries(text);
        var models = MetricsSnapshot.Parse(text);
        var labels = text.Split('\n')
            .Where(line => line.StartsWith("k2vv_", StringComparison.Ordinal) && line.Contains("model=\"", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("model=\"", StringComparison.Ordinal) + 7)..].Split('"')[0])
            .Distinct()
            .ToList();

        Assert.InRange(labels.Count, 1, 52);
        Assert.Contains("other", labels);
        Assert.Equal(100, models.Sum("k2vv_chat_completions_total", ("model", "other")));
        Assert.InRange(series, initial, initial + 2_000);
    }

    private static int CountSeries(string text) =>
        text.Split('\n').Count(line => line.StartsWith("k2vv_", StringComparison.Ordinal));
}
