using K2VV.Verification.Results;
using Xunit;

namespace K2VV.Proxy.Tests.Replay;

public sealed class ReplayIncrementalTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("k2vv-incremental-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string[] Args(string baseUrl, params string[] extra) =>
    [
        Path.Combine(directory, "samples.jsonl"), "--model", "kimi-k2-test", "--base-url", baseUrl, "--api-key", "sk-test",
        "--output", Path.Combine(directory, "results.jsonl"), "--summary", Path.Combine(directory, "summary.json"), .. extra,
    ];

    private List<K2vvResult> ReadResults() =>
        [.. File.ReadAllLines(Path.Combine(directory, "results.jsonl")).Select(line => K2vvResult.TryParse(line)!)];

    [Fact]
    public async Task Replay_IncrementalAfterFailures_RerunsOnlyFailedLines()
    {
        string[] names = ["ok-1", "bad-1", "ok-2", "ok-3", "bad-2", "ok-4"];
        await using var vendor = await ReplayFakeVendor.StartAsync((name, attempt, _, context) =>
            name.StartsWith("bad", StringComparison.Ordinal) && attempt == 1
                ? ReplayFakeVendor.WriteJsonAsync(context, 400, VendorAnswers.BadRequest())
                : ReplayFakeVendor.WriteJsonAsync(context, 200, VendorAnswers.Stop()));
        await File.WriteAllLinesAsync(Path.Combine(directory, "samples.jsonl"), names.Select(VendorAnswers.Request));

        var first = await ReplayCli.ReplayAsync(Args(vendor.BaseUrl));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(["success", "failed", "success", "success", "failed", "success"], ReadResults().Select(r => r.Status));

        var second = await ReplayCli.ReplayAsync(Args(vendor.BaseUrl, "--incremental"));

        Assert.Equal(0, second.ExitCode);
        foreach (var name in names)
        {
            Assert.True((name.StartsWith("bad", StringComparison.Ordinal) ? 2 : 1) == vendor.Count(name), $"{name}: {vendor.Count(name)} requests");
        }

        var results = ReadResults();
        Assert.Equal([1, 2, 3, 4, 5, 6], results.Select(r => r.DataIndex));
        Assert.All(results, r => Assert.Equal("success", r.Status));
        var summary = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "summary.json")))!;
        Assert.Equal(6, (int)summary["success_count"]!);
        Assert.Equal(0, (int)summary["failure_count"]!);
        Assert.Equal(6, (int)summary["finish_stop"]!);
        Assert.Equal(30, (int)summary["usage"]!["total_tokens"]!);
    }

    [Fact]
    public async Task Replay_InterruptThenIncremental_SendsRest()
    {
        string[] names = ["fast-1", "slow-1", "fast-2", "fast-3", "slow-2", "fast-4"];
        var hold = true;
        await using var vendor = await ReplayFakeVendor.StartAsync(async (name, _, _, context) =>
        {
            if (name.StartsWith("slow", StringComparison.Ordinal) && Volatile.Read(ref hold))
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            await ReplayFakeVendor.WriteJsonAsync(context, 200, VendorAnswers.Stop());
        });
        await File.WriteAllLinesAsync(Path.Combine(directory, "samples.jsonl"), names.Select(VendorAnswers.Request));
        var output = Path.Combine(directory, "results.jsonl");

        using var interrupt = new CancellationTokenSource();
        var running = ReplayCli.ReplayAsync(Args(vendor.BaseUrl, "--concurrency", "8"), interrupt.Token);
        await WaitUntilAsync(() => File.Exists(output) && CountLines(output) == 4);
        await interrupt.CancelAsync();
        var first = await running;

        Assert.Equal(130, first.ExitCode);
        Assert.Contains("--incremental", first.Error, StringComparison.Ordinal);
        Assert.Equal(4, CountLines(output));

        Volatile.Write(ref hold, false);
        var second = await ReplayCli.ReplayAsync(Args(vendor.BaseUrl, "--incremental"));

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(1, vendor.Count("fast-1"));
        Assert.Equal(1, vendor.Count("fast-4"));
        Assert.Equal(2, vendor.Count("slow-1"));
        Assert.Equal(2, vendor.Count("slow-2"));
        Assert.Equal([1, 2, 3, 4, 5, 6], ReadResults().Select(r => r.DataIndex));
        Assert.All(ReadResults(), r => Assert.Equal("success", r.Status));
    }

    [Fact]
    public async Task Replay_IncrementalAfterTornLine_KeepsNewResults()
    {
        await using var vendor = await ReplayFakeVendor.StartAsync((_, _, _, context) =>
            ReplayFakeVendor.WriteJsonAsync(context, 200, VendorAnswers.Stop()));
        await File.WriteAllLinesAsync(Path.Combine(directory, "samples.jsonl"), [VendorAnswers.Request("a"), VendorAnswers.Request("b")]);

        // A previous run was killed while writing its first line.
        await File.WriteAllTextAsync(Path.Combine(directory, "results.jsonl"), "{\"data_index\": 1, \"requ");
        var run = await ReplayCli.ReplayAsync(Args(vendor.BaseUrl, "--incremental"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("results.jsonl line 1: not a results line", run.Error, StringComparison.Ordinal);
        Assert.Equal([1, 2], ReadResults().Select(r => r.DataIndex));
    }

    private static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { Length: > 0 })
        {
            count++;
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(ReplayCli.DefaultTimeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
