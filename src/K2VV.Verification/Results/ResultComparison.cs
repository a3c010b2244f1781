using System.Text.Json.Nodes;

namespace K2VV.Verification.Results;

/// <summary>
/// A vendor's results compared with a baseline's, matched by <c>data_index</c>.
/// </summary>
/// <param name="Matched">Indexes present on both sides.</param>
/// <param name="BaselineOnly">Indexes only the baseline has, ascending.</param>
/// <param name="VendorOnly">Indexes only the vendor has, ascending.</param>
/// <param name="Trigger">Trigger similarity over the matched pairs.</param>
/// <param name="Schema">The vendor's schema accuracy over the matched pairs.</param>
public sealed record ResultComparison(
    int Matched,
    IReadOnlyList<int> BaselineOnly,
    IReadOnlyList<int> VendorOnly,
    TriggerConfusion Trigger,
    SchemaAccuracy Schema)
{
    /// <summary>
    /// Compares two result sets. When a side has several lines for one index, the one with the
    /// latest <c>last_run_at</c> is used, as the reference keeps it.
    /// </summary>
    public static ResultComparison Compare(IEnumerable<K2vvResult> baseline, IEnumerable<K2vvResult> vendor)
    {
        var baselineByIndex = ResultOrdering.LatestByIndex(baseline);
        var vendorByIndex = ResultOrdering.LatestByIndex(vendor);

        var trigger = default(TriggerConfusion);
        var schema = default(SchemaAccuracy);
        var matched = 0;
        var vendorOnly = new List<int>();
        foreach (var (index, vendorResult) in vendorByIndex)
        {
            if (!baselineByIndex.TryGetValue(index, out var baselineResult))
            {
                vendorOnly.Add(index);
                continue;
            }

            matched++;
            trigger = trigger.Add(baselineResult.FinishReason, vendorResult.FinishReason);
            schema = schema.Add(vendorResult.FinishReason, vendorResult.ToolCallsValid);
        }

        var baselineOnly = baselineByIndex.Keys.Where(index => !vendorByIndex.ContainsKey(index)).ToList();
        return new ResultComparison(matched, baselineOnly, vendorOnly, trigger, schema);
    }

    /// <summary>Builds the comparison JSON with K2VV's metric names, then the one-sided indexes.</summary>
    public JsonObject ToJsonObject() => new()
    {
        ["matched"] = Matched,
        ["tool_call_trigger_similarity"] = new JsonObject
        {
            ["TP"] = Trigger.TruePositives,
            ["FP"] = Trigger.FalsePositives,
            ["FN"] = Trigger.FalseNegatives,
            ["TN"] = Trigger.TrueNegatives,
            ["precision"] = Trigger.Precision,
            ["recall"] = Trigger.Recall,
            ["tool_call_f1"] = Trigger.F1,
        },
        ["tool_call_schema_accuracy"] = new JsonObject
        {
            ["count_finish_reason_tool_calls"] = Schema.CountFinishReasonToolCalls,
            ["count_successful_tool_call"] = Schema.CountSuccessfulToolCall,
            ["schema_accuracy"] = Schema.Accuracy,
        },
        ["baseline_only"] = new JsonArray([.. BaselineOnly.Select(index => (JsonNode?)index)]),
        ["vendor_only"] = new JsonArray([.. VendorOnly.Select(index => (JsonNode?)index)]),
    };
}
