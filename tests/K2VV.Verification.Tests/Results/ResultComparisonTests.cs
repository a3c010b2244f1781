using K2VV.Verification.Results;
using Xunit;

namespace K2VV.Verification.Tests.Results;

public sealed class ResultComparisonTests
{
    private static K2vvResult Line(int index, string? finish, bool? valid = null, string status = "success", string lastRunAt = "2026-01-01T00:00:00") =>
        new() { DataIndex = index, Status = status, FinishReason = finish, ToolCallsValid = valid, LastRunAt = lastRunAt };

    [Fact]
    public void Compare_CraftedPairs_CountsEachQuadrant()
    {
        var baseline = new[]
        {
            Line(1, "tool_calls"), Line(2, "tool_calls"), Line(3, "stop"), Line(4, null, status: "failed"),
            Line(5, "tool_calls"), Line(6, "stop"), Line(7, "length"), Line(9, "tool_calls"),
        };
        var vendor = new[]
        {
            Line(1, "tool_calls", true), Line(2, "tool_calls", false), Line(3, "tool_calls", true), Line(4, "tool_calls", null),
            Line(5, "stop"), Line(6, "stop"), Line(7, null, status: "failed"), Line(8, "tool_calls", true),
        };

        var comparison = ResultComparison.Compare(baseline, vendor);

        Assert.Equal(7, comparison.Matched);
        Assert.Equal(2, comparison.Trigger.TruePositives);
        Assert.Equal(2, comparison.Trigger.FalsePositives);
        Assert.Equal(1, comparison.Trigger.FalseNegatives);
        Assert.Equal(2, comparison.Trigger.TrueNegatives);
        Assert.Equal(0.5, comparison.Trigger.Precision, 12);
        Assert.Equal(2.0 / 3, comparison.Trigger.Recall, 12);
        Assert.Equal(2 * 0.5 * (2.0 / 3) / (0.5 + (2.0 / 3)), comparison.Trigger.F1, 12);
        Assert.Equal(4, comparison.Schema.CountFinishReasonToolCalls);
        Assert.Equal(2, comparison.Schema.CountSuccessfulToolCall);
        Assert.Equal(0.5, comparison.Schema.Accuracy, 12);
        Assert.Equal([9], comparison.BaselineOnly);
        Assert.Equal([8], comparison.VendorOnly);
    }

    [Fact]
    public void Compare_NoToolCallsAnywhere_RatiosAreZero()
    {
        var comparison = ResultComparison.Compare([Line(1, "stop")], [Line(1, "stop")]);

        Assert.Equal(1, comparison.Trigger.TrueNegatives);
        Assert.Equal(0, comparison.Trigger.Precision);
        Assert.Equal(0, comparison.Trigger.Recall);
        Assert.Equal(0, comparison.Trigger.F1);
        Assert.Equal(0, comparison.Schema.Accuracy);
    }

    [Fact]
    public void Compare_DuplicateIndex_UsesLatestRun()
    {
        var vendor = new[]
        {
            Line(1, "tool_calls", true, lastRunAt: "2026-01-01T10:00:00.000001"),
            Line(1, "stop", lastRunAt: "2026-01-01T09:00:00"),
        };

        var comparison = ResultComparison.Compare([Line(1, "tool_calls")], vendor);

        Assert.Equal(1, comparison.Trigger.TruePositives);
        Assert.Equal(0, comparison.Trigger.FalseNegatives);
    }

    [Fact]
    public void ToJsonObject_Comparison_HasK2vvMetricNames()
    {
        var json = ResultComparison.Compare([Line(1, "tool_calls")], [Line(1, "tool_calls", true)]).ToJsonObject();

        Assert.Equal(1, (int)json["matched"]!);
        Assert.Equal(1, (int)json["tool_call_trigger_similarity"]!["TP"]!);
        Assert.Equal(1.0, (double)json["tool_call_trigger_similarity"]!["tool_call_f1"]!);
        Assert.Equal(1.0, (double)json["tool_call_schema_accuracy"]!["schema_accuracy"]!);
        Assert.Equal(1, (int)json["tool_call_schema_accuracy"]!["count_successful_tool_call"]!);
        Assert.Equal(["matched", "tool_call_trigger_similarity", "tool_call_schema_accuracy", "baseline_only", "vendor_only"], json.Select(entry => entry.Key));
    }
}
