using System.Text.Json.Nodes;
using K2VV.Verification.Results;
using Xunit;

namespace K2VV.Proxy.Tests.Replay;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("k2vv-compare-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, params (int Index, string? Finish, bool? Valid)[] lines)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllLines(path, lines.Select(line => new K2vvResult
        {
            DataIndex = line.Index,
            Status = line.Finish is null ? "failed" : "success",
            FinishReason = line.Finish,
            ToolCallsValid = line.Valid,
            LastRunAt = "2026-01-01T00:00:00",
        }.ToJsonObject().ToJsonString()));
        return path;
    }

    private (string Baseline, string Vendor) CraftedPair() => (
        Write("baseline.jsonl", (1, "tool_calls", true), (2, "tool_calls", true), (3, "stop", null), (4, null, null), (5, "tool_calls", true), (6, "stop", null), (7, "stop", null)),
        Write("vendor.jsonl", (1, "tool_calls", true), (2, "tool_calls", false), (3, "tool_calls", null), (4, "tool_calls", true), (5, "stop", null), (6, "stop", null), (8, "tool_calls", true)));

    [Fact]
    public async Task Compare_CraftedPairs_WritesConfusionMatrixJson()
    {
        var (baseline, vendor) = CraftedPair();
        var output = Path.Combine(directory, "compare.json");

        var run = await ReplayCli.CompareAsync(["--baseline", baseline, "--vendor", vendor, "--output", output]);

        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        var trigger = json["tool_call_trigger_similarity"]!;
        Assert.Equal(6, (int)json["matched"]!);
        Assert.Equal(2, (int)trigger["TP"]!);
        Assert.Equal(2, (int)trigger["FP"]!);
        Assert.Equal(1, (int)trigger["FN"]!);
        Assert.Equal(1, (int)trigger["TN"]!);
        Assert.Equal(0.5, (double)trigger["precision"]!, 12);
        Assert.Equal(2.0 / 3, (double)trigger["recall"]!, 12);
        Assert.Equal(4.0 / 7, (double)trigger["tool_call_f1"]!, 12);
        Assert.Equal(4, (int)json["tool_call_schema_accuracy"]!["count_finish_reason_tool_calls"]!);
        Assert.Equal(2, (int)json["tool_call_schema_accuracy"]!["count_successful_tool_call"]!);
        Assert.Contains("tool_call_f1", run.Output, StringComparison.Ordinal);
        Assert.Contains("only in the baseline: 7", run.Error, StringComparison.Ordinal);
        Assert.Contains("only in the vendor results: 8", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--min-f1", "0.5", 0)]
    [InlineData("--min-f1", "0.6", 1)]
    [InlineData("--min-schema-accuracy", "0.5", 0)]
    [InlineData("--min-schema-accuracy", "0.75", 1)]
    [InlineData("--min-f1", "1.5", 2)]
    public async Task Compare_Threshold_SetsExitCode(string option, string value, int exitCode)
    {
        var (baseline, vendor) = CraftedPair();

        var run = await ReplayCli.CompareAsync(["--baseline", baseline, "--vendor", vendor, option, value]);

        Assert.Equal(exitCode, run.ExitCode);
    }

    [Fact]
    public async Task Compare_MissingFile_ExitsTwo()
    {
        var run = await ReplayCli.CompareAsync(["--baseline", Path.Combine(directory, "none.jsonl"), "--vendor", Path.Combine(directory, "none.jsonl")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found", run.Error, StringComparison.Ordinal);
    }
}
