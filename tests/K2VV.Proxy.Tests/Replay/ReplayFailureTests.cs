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

        var (run, result) = await ReplayOneAsync(vendor.BaseUrl, "--timeout", "0.2", "--retries", "1");

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
}
