namespace K2VV.Proxy.Shadow;

/// <summary>
/// Sink for the two shadow counters, <c>k2vv_trigger_comparisons_total{vendor,model,outcome}</c>
/// and <c>k2vv_shadow_requests_total{vendor,outcome}</c>.
/// </summary>
/// <remarks>
/// Implementations map <c>model</c> to a bounded label set; the shadow component passes the
/// client's model name as it was requested. Calls come from several threads at once.
/// </remarks>
internal interface IShadowMetrics
{
    /// <summary>Counts one compared pair.</summary>
    void RecordComparison(string vendor, string? model, TriggerOutcome outcome);

    /// <summary>Counts what became of one sampled request.</summary>
    void RecordShadowRequest(string vendor, ShadowOutcome outcome);
}
