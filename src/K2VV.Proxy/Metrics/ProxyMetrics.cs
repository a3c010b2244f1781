using Prometheus;

namespace K2VV.Proxy.Metrics;

/// <summary>
/// The proxy's Prometheus metrics, registered in a registry of their own so that several hosts
/// in one process never share counters. Metric names and labels are a public interface used by
/// dashboards and alert rules: change them only together with those.
/// </summary>
internal sealed class ProxyMetrics
{
    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
    private static readonly double[] FirstByteBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

    /// <summary>Creates every metric in a new registry.</summary>
    public ProxyMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        ChatCompletions = factory.CreateCounter(
            "k2vv_chat_completions_total",
            "Chat-completion responses that were verified, by the response's own finish reason.",
            ["vendor", "model", "stream", "finish_reason"]);
        ToolCallResponses = factory.CreateCounter(
            "k2vv_tool_call_responses_total",
            "Responses whose K2VV finish reason is tool_calls, by K2VV verdict; a null verdict counts as invalid (K2VV schema accuracy).",
            ["vendor", "model", "verdict"]);
        ToolCallFindings = factory.CreateCounter(
            "k2vv_tool_call_findings_total",
            "Strict findings, counted once per response that has them.",
            ["vendor", "model", "finding"]);
        ToolCalls = factory.CreateCounter(
            "k2vv_tool_calls_total",
            "Tool calls in verified responses.",
            ["vendor", "model"]);
        TriggerComparisons = factory.CreateCounter(
            "k2vv_trigger_comparisons_total",
            "Vendor responses compared with the official API's response to the same request (tp/fp/fn/tn).",
            ["vendor", "model", "outcome"]);
        ShadowRequests = factory.CreateCounter(
            "k2vv_shadow_requests_total",
            "Requests also sent to the official API in the background, by outcome.",
            ["vendor", "outcome"]);
        UnverifiedResponses = factory.CreateCounter(
            "k2vv_unverified_responses_total",
            "Chat-completion exchanges that produced no tool-call verdict, by reason.",
            ["vendor", "reason"]);
        ToolCallIdRewrites = factory.CreateCounter(
            "k2vv_tool_call_id_rewrites_total",
            "Historical tool-call ids renamed or renumbered before forwarding.",
            ["vendor"]);
        UpstreamDuration = factory.CreateHistogram(
            "k2vv_upstream_duration_seconds",
            "Time from forwarding the request to the end of the response body.",
            new HistogramConfiguration { LabelNames = ["vendor", "model", "stream"], Buckets = DurationBuckets });
        TimeToFirstByte = factory.CreateHistogram(
            "k2vv_time_to_first_byte_seconds",
            "Time from forwarding the request to the first response body byte sent to the client.",
            new HistogramConfiguration { LabelNames = ["vendor", "model"], Buckets = FirstByteBuckets });
        CaptureDropped = factory.CreateCounter(
            "k2vv_capture_dropped_total",
            "Failure capture records dropped because the writer's queue was full.");
        Tokens = factory.CreateCounter(
            "k2vv_tokens_total",
            "Tokens reported in the responses' usage.",
            ["vendor", "model", "kind"]);
    }

    /// <summary>The registry that <c>/metrics</c> exposes.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary><c>k2vv_chat_completions_total{vendor,model,stream,finish_reason}</c>.</summary>
    public Counter ChatCompletions { get; }

    /// <summary><c>k2vv_tool_call_responses_total{vendor,model,verdict}</c>.</summary>
    public Counter ToolCallResponses { get; }

    /// <summary><c>k2vv_tool_call_findings_total{vendor,model,finding}</c>.</summary>
    public Counter ToolCallFindings { get; }

    /// <summary><c>k2vv_tool_calls_total{vendor,model}</c>.</summary>
    public Counter ToolCalls { get; }

    /// <summary><c>k2vv_trigger_comparisons_total{vendor,model,outcome}</c>, fed by the shadow comparison.</summary>
    public Counter TriggerComparisons { get; }

    /// <summary><c>k2vv_shadow_requests_total{vendor,outcome}</c>.</summary>
    public Counter ShadowRequests { get; }

    /// <summary><c>k2vv_unverified_responses_total{vendor,reason}</c>.</summary>
    public Counter UnverifiedResponses { get; }

    /// <summary><c>k2vv_tool_call_id_rewrites_total{vendor}</c>.</summary>
    public Counter ToolCallIdRewrites { get; }

    /// <summary><c>k2vv_upstream_duration_seconds{vendor,model,stream}</c>.</summary>
    public Histogram UpstreamDuration { get; }

    /// <summary><c>k2vv_time_to_first_byte_seconds{vendor,model}</c>.</summary>
    public Histogram TimeToFirstByte { get; }

    /// <summary><c>k2vv_capture_dropped_total</c>.</summary>
    public Counter CaptureDropped { get; }

    /// <summary><c>k2vv_tokens_total{vendor,model,kind}</c>.</summary>
    public Counter Tokens { get; }

    /// <summary>
    /// Publishes the zero-valued series of the closed label sets for each known vendor, so
    /// dashboards and rate() see a series before its first event.
    /// </summary>
    public void InitializeVendor(string vendor, IEnumerable<string> models)
    {
        foreach (var reason in UnverifiedReasons.All)
        {
            UnverifiedResponses.WithLabels(vendor, reason).Inc(0);
        }

        foreach (var outcome in ShadowOutcomes.All)
        {
            ShadowRequests.WithLabels(vendor, outcome).Inc(0);
        }

        ToolCallIdRewrites.WithLabels(vendor).Inc(0);

        foreach (var model in models)
        {
            ToolCallResponses.WithLabels(vendor, model, "valid").Inc(0);
            ToolCallResponses.WithLabels(vendor, model, "invalid").Inc(0);
            ToolCalls.WithLabels(vendor, model).Inc(0);
            foreach (var outcome in TriggerOutcomes.All)
            {
                TriggerComparisons.WithLabels(vendor, model, outcome).Inc(0);
            }
        }
    }
}
