using System.Globalization;
using System.Text;
using K2VV.Verification.Results;
using Spectre.Console;

namespace K2VV.Proxy.Replay;

/// <summary>
/// Compares a vendor's results file with a baseline's: trigger similarity and schema accuracy
/// as K2VV defines them, a table for people and JSON for tools, and threshold gates for CI.
/// </summary>
internal sealed class CompareRunner(TextWriter output, TextWriter error, bool interactive)
{
    /// <summary>Exit code when a metric is below its threshold.</summary>
    public const int BelowThresholdExitCode = 1;

    /// <summary>Runs the comparison and returns the process exit code.</summary>
    public async Task<int> RunAsync(string baselinePath, string vendorPath, string? outputPath, double? minF1, double? minSchemaAccuracy, CancellationToken cancellationToken)
    {
        var baseline = ResultFile.Read(baselinePath, out var baselineUnreadable);
        var vendor = ResultFile.Read(vendorPath, out var vendorUnreadable);
        await ReportUnreadableAsync(baselinePath, baselineUnreadable).ConfigureAwait(false);
        await ReportUnreadableAsync(vendorPath, vendorUnreadable).ConfigureAwait(false);

        var comparison = ResultComparison.Compare(baseline, vendor);
        var json = comparison.ToJsonObject().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, IndentSize = 4 });
        if (outputPath is not null)
        {
            await File.WriteAllTextAsync(outputPath, json, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }

        if (outputPath is null)
        {
            // The JSON goes to standard output so `k2vv compare ... > compare.json` gives valid JSON;
            // the table for people goes to standard error.
            WriteTable(comparison, error);
            await output.WriteLineAsync(json).ConfigureAwait(false);
        }
        else
        {
            WriteTable(comparison, output);
        }

        if (comparison.BaselineOnly.Count > 0)
        {
            await error.WriteLineAsync($"{comparison.BaselineOnly.Count} data_index values only in the baseline: {Preview(comparison.BaselineOnly)}").ConfigureAwait(false);
        }

        if (comparison.VendorOnly.Count > 0)
        {
            await error.WriteLineAsync($"{comparison.VendorOnly.Count} data_index values only in the vendor results: {Preview(comparison.VendorOnly)}").ConfigureAwait(false);
        }

        var exitCode = 0;
        if (minF1 is { } f1Threshold && comparison.Trigger.F1 < f1Threshold)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"tool_call_f1 {comparison.Trigger.F1:0.####} is below the threshold {f1Threshold:0.####}.")).ConfigureAwait(false);
            exitCode = BelowThresholdExitCode;
        }

        if (minSchemaAccuracy is { } accuracyThreshold && comparison.Schema.Accuracy < accuracyThreshold)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"schema_accuracy {comparison.Schema.Accuracy:0.####} is below the threshold {accuracyThreshold:0.####}.")).ConfigureAwait(false);
            exitCode = BelowThresholdExitCode;
        }

        return exitCode;
    }

    private void WriteTable(ResultComparison comparison, TextWriter writer)
    {
        var console = ReplayProgress.CreateConsole(writer, interactive);
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("matched", Format(comparison.Matched));
        table.AddRow("TP (both tool_calls)", Format(comparison.Trigger.TruePositives));
        table.AddRow("FP (vendor only)", Format(comparison.Trigger.FalsePositives));
        table.AddRow("FN (baseline only)", Format(comparison.Trigger.FalseNegatives));
        table.AddRow("TN (neither)", Format(comparison.Trigger.TrueNegatives));
        table.AddRow("precision", Format(comparison.Trigger.Precision));
        table.AddRow("recall", Format(comparison.Trigger.Recall));
        table.AddRow("tool_call_f1", Format(comparison.Trigger.F1));
        table.AddRow("vendor tool_calls responses", Format(comparison.Schema.CountFinishReasonToolCalls));
        table.AddRow("vendor successful tool calls", Format(comparison.Schema.CountSuccessfulToolCall));
        table.AddRow("schema_accuracy", Format(comparison.Schema.Accuracy));
        console.Write(table);
    }

    private async Task ReportUnreadableAsync(string path, List<int> lineNumbers)
    {
        foreach (var lineNumber in lineNumbers)
        {
            await error.WriteLineAsync($"{path} line {lineNumber}: not a results line; ignored.").ConfigureAwait(false);
        }
    }

    private static string Preview(IReadOnlyList<int> indexes) =>
        string.Join(", ", indexes.Take(20)) + (indexes.Count > 20 ? ", ..." : string.Empty);

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
