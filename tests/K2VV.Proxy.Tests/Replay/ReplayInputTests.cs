using K2VV.Verification.Results;
using Xunit;

namespace K2VV.Proxy.Tests.Replay;

public sealed class ReplayInputTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("k2vv-input-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Replay_BadInputLines_ReportedAndSkipped()
    {
        await using var vendor = await ReplayFakeVendor.StartAsync((_, _, _, context) =>
            ReplayFakeVendor.WriteJsonAsync(context, 200, VendorAnswers.Stop()));
        var input = Path.Combine(directory, "samples.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            VendorAnswers.Request("one"),
            "{ not json",
            "",
            """{"model":"no messages"}""",
            VendorAnswers.Request("five"),
            "[1, 2]",
            """{"user":"seven","messages":[{"role":"user","content":"lone \ud800 surrogate"}]}""",
            """{"user":"dup","messages":[],"messages":[{"role":"user","content":"last wins"}]}""",
        ]);
        var output = Path.Combine(directory, "results.jsonl");

        var run = await ReplayCli.ReplayAsync([input, "--model", "m", "--base-url", vendor.BaseUrl, "--api-key", "k",
            "--output", output, "--summary", Path.Combine(directory, "summary.json")]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("line 2:", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 4:", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 6:", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 7:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3:", run.Error, StringComparison.Ordinal);
        var results = File.ReadAllLines(output).Select(line => K2vvResult.TryParse(line)!).ToList();
        Assert.Equal([1, 5, 8], results.Select(r => r.DataIndex));
        Assert.Equal("last wins", (string?)results[2].Request!["messages"]![0]!["content"]);
        Assert.Equal(1, vendor.Count("one"));
        Assert.Equal(1, vendor.Count("five"));
    }

    [Theory]
    [InlineData("--model", "", "Missing --model")]
    [InlineData("--base-url", "ftp://example.invalid", "Invalid --base-url")]
    [InlineData("--concurrency", "0", "Invalid --concurrency")]
    [InlineData("--timeout", "-1", "Invalid --timeout")]
    [InlineData("--retries", "many", "Invalid --retries")]
    [InlineData("--extra-body", "[1]", "Invalid --extra-body")]
    [InlineData("--temperature", "warm", "Invalid --temperature")]
    [InlineData("--max-tokens", "0", "Invalid --max-tokens")]
    [InlineData("--tool-id-rewrite", "sometimes", "Invalid --tool-id-rewrite")]
    [InlineData("--summary", "/nonexistent-k2vv-dir/summary.json", "Invalid --summary")]
    public async Task Replay_InvalidArgument_ExitsTwoWithMessage(string option, string value, string message)
    {
        var input = Path.Combine(directory, "samples.jsonl");
        await File.WriteAllTextAsync(input, VendorAnswers.Request("x"));
        var args = new Dictionary<string, string>
        {
            ["--model"] = "m",
            ["--base-url"] = "http://127.0.0.1:9/v1",
            ["--api-key"] = "k",
            ["--output"] = Path.Combine(directory, "r.jsonl"),
        };
        args[option] = value;

        var run = await ReplayCli.ReplayAsync([input, .. args.SelectMany(pair => new[] { pair.Key, pair.Value })]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "r.jsonl")));
    }

    [Fact]
    public async Task Replay_MissingInputFile_ExitsTwo()
    {
        var run = await ReplayCli.ReplayAsync([Path.Combine(directory, "absent.jsonl"), "--model", "m", "--base-url", "http://127.0.0.1:9", "--api-key", "k"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Input file not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_UnknownOptionOrNoFile_Rejected()
    {
        var unknown = await ReplayCli.ReplayAsync([Path.Combine(directory, "a.jsonl"), "--model", "m", "--base-url", "http://127.0.0.1:9", "--api-key", "k", "--concurrancy", "3"]);
        var noFile = await ReplayCli.ReplayAsync(["--model", "m", "--base-url", "http://127.0.0.1:9", "--api-key", "k"]);

        // System.CommandLine rejects unknown options itself, with its own exit code 1.
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("--concurrancy", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("Missing input file", noFile.Error, StringComparison.Ordinal);
    }
}
