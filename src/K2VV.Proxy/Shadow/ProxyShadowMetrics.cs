using K2VV.Proxy.Metrics;

namespace K2VV.Proxy.Shadow;

/// <summary>Records the shadow counters in the serve host's Prometheus registry, with its bounded model labels.</summary>
internal sealed class ProxyShadowMetrics : IShadowMetrics
{
    private readonly ProxyMetrics _metrics;
    private readonly ModelLabels _models;

    public ProxyShadowMetrics(ProxyMetrics metrics, ModelLabels models)
    {
        _metrics = metrics;
        _models = models;
    }

    public void RecordComparison(string vendor, string? model, TriggerOutcome outcome) =>
        _metrics.TriggerComparisons.WithLabels(vendor, _models.Resolve(model), outcome.ToLabel()).Inc();

    public void RecordShadowRequest(string vendor, ShadowOutcome outcome) =>
        _metrics.ShadowRequests.WithLabels(vendor, ToLabel(outcome)).Inc();

    private static string ToLabel(ShadowOutcome outcome) => outcome switch
    {
        ShadowOutcome.Completed => "completed",
        ShadowOutcome.Dropped => "dropped",
        ShadowOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown shadow outcome."),
    };
}
