using System.Text.Json.Nodes;
using Xunit;

namespace K2VV.Proxy.Tests.Commands;

/// <summary>The k2vv binary's usage errors and output streams, as a shell user meets them.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("k2vv-cli-").FullName;

    [Fact]
    public async Task Serve_InvalidOptionValue_ExitsTwoNamingOption()
    {
        var (exitCode, _, standardError) = await K2vvProcess.RunAsync("serve", "--tool-id-rewrite", "bogus");

        Assert.Equal(2, exitCode);
        Assert.Contains("--tool-id-rewrite", standardError, StringComparison.Ordinal);
        Assert.Contains("k2vv serve --help", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_UnknownCommand_ExitsTwo()
    {
        var (exitCode, _, standardError) = await K2vvProcess.RunAsync("bogus-command");

        Assert.Equal(2, exitCode);
        Assert.Contains("bogus-command", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_WithoutOutput_WritesOnlyJsonToStandardOutput()
    {
        var results = Path.Combine(_folder, "results.jsonl");
        await File.WriteAllLinesAsync(results,
        [
            """{"data_index": 1, "status": "success", "finish_reason": "tool_calls", "tool_calls_valid": true, "response": {}}""",
            """{"data_index": 2, "status": "success", "finish_reason": "stop", "tool_calls_valid": null, "response": {}}""",
        ]);

        var (exitCode, standardOutput, standardError) = await K2vvProcess.RunAsync("compare", "--baseline", results, "--vendor", results);

        Assert.Equal(0, exitCode);
        var json = JsonNode.Parse(standardOutput)!;
        Assert.Equal(2, json["matched"]!.GetValue<int>());
        Assert.Equal(1, json["tool_call_trigger_similarity"]!["TP"]!.GetValue<int>());
        Assert.Contains("tool_call_f1", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_LineWithoutResultKeys_IsReportedNotAgreed()
    {
        var results = Path.Combine(_folder, "samples.jsonl");
        var summary = Path.Combine(_folder, "score.json");
        await File.WriteAllLinesAsync(results, ["""{"messages": [{"role": "user", "content": "hi"}]}"""]);

        var (exitCode, _, standardError) = await K2vvProcess.RunAsync("score", results, "--summary", summary);

        Assert.Equal(0, exitCode);
        Assert.Contains("line 1", standardError, StringComparison.Ordinal);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(summary))!;
        Assert.Equal(0, json["compared"]!.GetValue<int>());
        Assert.Equal(0, json["agreed"]!.GetValue<int>());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
