using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Proxy.Commands;
using Xunit;

namespace K2VV.Proxy.Tests.Scoring;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("k2vv-score-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private string WriteResults(IEnumerable<string> lines)
    {
        var path = PathOf("results.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { ScoreCommand.Create() };

        var exitCode = root.Parse(["score", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Score_SharedCases_AgreesOnEveryLine()
    {
        var lines = ResultsFileBuilder.BuildLines();
        var results = WriteResults(lines.Select(line => line.ToJsonString()));

        var (exitCode, output, error) = Invoke(results, "--summary", PathOf("summary.json"), "--output", PathOf("scored.jsonl"), "--fail-on-disagreement");

        Assert.Equal(string.Empty, error);
        var summary = JsonNode.Parse(File.ReadAllText(PathOf("summary.json")))!;
        Assert.Equal(lines.Count, summary["compared"]!.GetValue<int>());
        Assert.Equal("[]", summary["disagreements"]!.ToJsonString());
        Assert.Equal(lines.Count, summary["agreed"]!.GetValue<int>());
        Assert.Equal(ScoreCommand.Success, exitCode);
        Assert.Contains("100.00 %", output, StringComparison.Ordinal);
        Assert.Equal(lines.Count, File.ReadLines(PathOf("scored.jsonl")).Count());
    }

    [Fact]
    public void Score_OutputLines_CarryVerdictAndFindings()
    {
        var lines = ResultsFileBuilder.BuildLines();
        var results = WriteResults(lines.Select(line => line.ToJsonString()));

        Invoke(results, "--output", PathOf("scored.jsonl"));

        var scored = File.ReadLines(PathOf("scored.jsonl")).Select(text => JsonNode.Parse(text)!.AsObject()).ToList();
        var doubleEncoded = scored.Single(line => line["request"]!["messages"]![0]!["content"]!.GetValue<string>() == "Find a walnut desk.");
        Assert.False(doubleEncoded["tool_calls_valid"]!.GetValue<bool>());
        Assert.False(doubleEncoded["recorded_tool_calls_valid"]!.GetValue<bool>());
        Assert.Equal(
            ["double_encoded_arguments", "schema_violation"],
            doubleEncoded["findings"]!.AsArray().Select(slug => slug!.GetValue<string>()).Order());
    }

    [Fact]
    public void Score_BadLine_ReportedWithItsNumber()
    {
        var lines = ResultsFileBuilder.BuildLines().Take(5).Select(line => line.ToJsonString()).ToList();
        lines.Insert(2, "{not json");
        lines.Insert(4, string.Empty);
        lines.Insert(5, "[1, 2]");
        var results = WriteResults(lines);

        var (exitCode, _, error) = Invoke(results, "--summary", PathOf("summary.json"));

        Assert.Equal(ScoreCommand.Success, exitCode);
        Assert.Contains("line 3 of results.jsonl skipped: not valid JSON", error, StringComparison.Ordinal);
        Assert.Contains("line 6 of results.jsonl skipped: not a JSON object", error, StringComparison.Ordinal);
        var summary = JsonNode.Parse(File.ReadAllText(PathOf("summary.json")))!;
        Assert.Equal(5, summary["compared"]!.GetValue<int>());
        Assert.Equal("[3,6]", summary["invalid_lines"]!.ToJsonString());
    }

    [Fact]
    public void Score_TamperedLine_FailsOnDisagreement()
    {
        var lines = ResultsFileBuilder.BuildLines().Take(10).ToList();
        var tampered = lines.First(line => line["tool_calls_valid"] is JsonValue value && value.GetValue<bool>());
        tampered["tool_calls_valid"] = false;
        var results = WriteResults(lines.Select(line => line.ToJsonString()));

        var (strictExit, output, _) = Invoke(results, "--fail-on-disagreement", "--summary", PathOf("summary.json"));
        var (lenientExit, _, _) = Invoke(results);

        Assert.Equal(ScoreCommand.Disagreement, strictExit);
        Assert.Equal(ScoreCommand.Success, lenientExit);
        var disagreement = Assert.Single(JsonNode.Parse(File.ReadAllText(PathOf("summary.json")))!["disagreements"]!.AsArray());
        Assert.Equal(tampered["data_index"]!.GetValue<int>(), disagreement!["data_index"]!.GetValue<int>());
        Assert.False(disagreement["recorded"]!.GetValue<bool>());
        Assert.True(disagreement["recomputed"]!.GetValue<bool>());
        Assert.Contains("disagreements", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MissingFile_IsUsageError()
    {
        var (exitCode, _, error) = Invoke(PathOf("absent.jsonl"));

        Assert.Equal(ScoreCommand.UsageError, exitCode);
        Assert.Contains("results file not found", error, StringComparison.Ordinal);
        Assert.Contains("absent.jsonl", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MissingArgument_IsUsageError()
    {
        var (exitCode, _, error) = Invoke();

        Assert.Equal(ScoreCommand.UsageError, exitCode);
        Assert.Contains("missing RESULTS argument", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UnwritableOutput_IsUsageError()
    {
        var results = WriteResults(ResultsFileBuilder.BuildLines().Take(1).Select(line => line.ToJsonString()));

        var (exitCode, _, error) = Invoke(results, "--output", PathOf(Path.Combine("no-such-directory", "scored.jsonl")));

        Assert.Equal(ScoreCommand.UsageError, exitCode);
        Assert.Contains("failed to read or write a file", error, StringComparison.Ordinal);
    }
}
