using K2VV.Verification.Results;

namespace K2VV.Proxy.Shadow;

/// <summary>Classifies a vendor/official pair of K2VV finish reasons the way K2VV's trigger similarity does.</summary>
internal static class TriggerClassifier
{
    /// <summary>Returns the confusion-matrix cell; a null finish reason (a failed request) counts as "not tool_calls".</summary>
    public static TriggerOutcome Classify(string? vendorFinishReason, string? officialFinishReason)
    {
        // One pair counted by the same matrix that `k2vv compare` uses, so both share one definition.
        var cell = default(TriggerConfusion).Add(baselineFinishReason: officialFinishReason, vendorFinishReason: vendorFinishReason);
        if (cell.TruePositives == 1)
        {
            return TriggerOutcome.TruePositive;
        }

        if (cell.FalsePositives == 1)
        {
            return TriggerOutcome.FalsePositive;
        }

        return cell.FalseNegatives == 1 ? TriggerOutcome.FalseNegative : TriggerOutcome.TrueNegative;
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
