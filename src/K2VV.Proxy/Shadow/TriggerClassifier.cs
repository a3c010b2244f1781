namespace K2VV.Proxy.Shadow;

/// <summary>Classifies a vendor/official pair of K2VV finish reasons the way K2VV's trigger similarity does.</summary>
internal static class TriggerClassifier
{
    private const string ToolCalls = "tool_calls";

    /// <summary>Returns the confusion-matrix cell; a null finish reason (a failed request) counts as "not tool_calls".</summary>
    public static TriggerOutcome Classify(string? vendorFinishReason, string? officialFinishReason)
    {
        var vendorCalled = vendorFinishReason == ToolCalls;
        var officialCalled = officialFinishReason == ToolCalls;

        return (vendorCalled, officialCalled) switch
        {
            (true, true) => TriggerOutcome.TruePositive,
            (true, false) => TriggerOutcome.FalsePositive,
            (false, true) => TriggerOutcome.FalseNegative,
            (false, false) => TriggerOutcome.TrueNegative,
        };
    }

    /// <summary>Returns the <c>outcome</c> label value of <c>k2vv_trigger_comparisons_total</c>.</summary>
    public static string ToLabel(this TriggerOutcome outcome) => outcome switch
    {
        TriggerOutcome.TruePositive => "tp",
        TriggerOutcome.FalsePositive => "fp",
        TriggerOutcome.FalseNegative => "fn",
        TriggerOutcome.TrueNegative => "tn",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown trigger outcome."),
    };
}
