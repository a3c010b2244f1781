namespace K2VV.Proxy.Metrics;

/// <summary>The closed set of <c>outcome</c> values of <c>k2vv_trigger_comparisons_total</c>.</summary>
internal static class TriggerOutcomes
{
    /// <summary>Every outcome of the tool-call trigger confusion matrix.</summary>
    public static IReadOnlyList<string> All { get; } = ["tp", "fp", "fn", "tn"];
}
