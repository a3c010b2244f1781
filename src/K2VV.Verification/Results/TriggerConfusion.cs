namespace K2VV.Verification.Results;

/// <summary>
/// K2VV's ToolCall-Trigger Similarity of a vendor against a baseline over matched requests.
/// TP: both finished with <c>tool_calls</c>; FP: only the vendor did; FN: only the baseline did;
/// TN: neither. A ratio whose denominator is zero is reported as 0.
/// </summary>
public readonly record struct TriggerConfusion(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    /// <summary>TP / (TP + FP).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN).</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>2PR / (P + R), K2VV's <c>tool_call_f1</c>.</summary>
    public double F1
    {
        get
        {
            var precision = Precision;
            var recall = Recall;
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
    }

    /// <summary>Matched pairs counted.</summary>
    public int Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>Returns the matrix with one more pair counted; a null or failed finish reason is "not tool_calls".</summary>
    public TriggerConfusion Add(string? baselineFinishReason, string? vendorFinishReason)
    {
        var baseline = baselineFinishReason == "tool_calls";
        var vendor = vendorFinishReason == "tool_calls";
        return (baseline, vendor) switch
        {
            (true, true) => this with { TruePositives = TruePositives + 1 },
            (false, true) => this with { FalsePositives = FalsePositives + 1 },
            (true, false) => this with { FalseNegatives = FalseNegatives + 1 },
            _ => this with { TrueNegatives = TrueNegatives + 1 },
        };
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
