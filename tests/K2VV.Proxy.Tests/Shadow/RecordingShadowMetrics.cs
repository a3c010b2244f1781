using System.Collections.Concurrent;
using K2VV.Proxy.Shadow;

namespace K2VV.Proxy.Tests.Shadow;

/// <summary>Counts what the shadow component records, for exact assertions.</summary>
internal sealed class RecordingShadowMetrics : IShadowMetrics
{
    private readonly ConcurrentDictionary<(string Vendor, string? Model, TriggerOutcome Outcome), int> _comparisons = new();
    private readonly ConcurrentDictionary<(string Vendor, ShadowOutcome Outcome), int> _requests = new();

    public void RecordComparison(string vendor, string? model, TriggerOutcome outcome) =>
        _comparisons.AddOrUpdate((vendor, model, outcome), 1, (_, count) => count + 1);

    public void RecordShadowRequest(string vendor, ShadowOutcome outcome) =>
        _requests.AddOrUpdate((vendor, outcome), 1, (_, count) => count + 1);

    public int Comparisons(TriggerOutcome outcome) => _comparisons.Where(entry => entry.Key.Outcome == outcome).Sum(entry => entry.Value);

    public int Comparisons(string vendor, string? model, TriggerOutcome outcome) => _comparisons.GetValueOrDefault((vendor, model, outcome));

    public int Requests(ShadowOutcome outcome) => _requests.Where(entry => entry.Key.Outcome == outcome).Sum(entry => entry.Value);

    public int TotalComparisons => _comparisons.Values.Sum();

    public int TotalRequests => _requests.Values.Sum();

    /// <summary>Waits until <paramref name="total"/> sampled requests have an outcome; fails after 10 s.</summary>
    public async Task WaitForRequestsAsync(int total)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (TotalRequests < total)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
