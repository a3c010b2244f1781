using System.Net;
using System.Net.Sockets;
using K2VV.Verification.Results;
using Xunit;

namespace K2VV.Proxy.Tests.Replay;

public sealed class ReplayFailureTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("k2vv-failure-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<(CliRun Run, K2vvResult Result)> ReplayOneAsync(string baseUrl, params string[] extra)
    {
        var input = Path.Combine(directory, "samples.jsonl");
        await File.WriteAllTextAsync(input, VendorAnswers.Request("one"));
        var output = Path.Combine(directory, "results.jsonl");
        var run = await ReplayCli.ReplayAsync([input, "--model", "m", "--base-url", baseUrl, "--api-key", "k",
            "--output", output, "--summary", Path.Combine(directory, "summary.json"), .. extra]);
        return (run, K2vvResult.TryParse(File.ReadAllLines(output).Single())!);
    }

    [Fact]
    public async Task Replay_SlowVendor_TimesOutAndRetries()
    {
        await using var vendor = await ReplayFakeVendor.StartAsync(async (_, _, _, context) =>
            await Task.Delay(Timeout.Infinite, context.RequestAborted));

        var (run, result) = await ReplayOneAsync(vendor.BaseUrl, "--timeout", "1", "--retries", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("failed", result.Status);
        Assert.Contains("timed out", result.Response!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, vendor.Count("one"));
    }

    [Fact]
    public async Task Replay_ClosedPort_FailsWithConnectionError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (run, result) = await ReplayOneAsync($"http://127.0.0.1:{port}/v1", "--retries", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("failed", result.Status);
        Assert.StartsWith("Connection error", result.Response!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(result.FinishReason);
        Assert.Null(result.ToolCallsValid);
    }

    [Fact]
    public async Task Replay_RetryAfterHeader_WaitsBeforeRetry()
    {
        var attempts = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        await using var vendor = await ReplayFakeVendor.StartAsync((_, attempt, _, context) =>
        {
            attempts.Enqueue(DateTimeOffset.UtcNow);
            if (attempt == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return ReplayFakeVendor.WriteJsonAsync(context, 429, VendorAnswers.BadRequest());
            }

            return ReplayFakeVendor.WriteJsonAsync(context, 200, VendorAnswers.Stop());
        });
        var input = Path.Combine(directory, "samples.jsonl");
        await File.WriteAllTextAsync(input, VendorAnswers.Request("one"));

        // The backoff alone would wait 1 ms, so a pause of a second comes from Retry-After.
        var run = await ReplayCli.ReplayAsync([input, "--model", "m", "--base-url", vendor.BaseUrl, "--api-key", "k",
            "--output", Path.Combine(directory, "r.jsonl"), "--summary", Path.Combine(directory, "s.json")],
            options => options with { RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromSeconds(5) });

        Assert.Equal(0, run.ExitCode);
        var times = attempts.ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"waited {(times[1] - times[0]).TotalMilliseconds} ms");
    }
}
