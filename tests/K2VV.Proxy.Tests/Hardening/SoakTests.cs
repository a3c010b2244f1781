using System.Globalization;
using K2VV.Proxy.Tests.Serving;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>
/// Steady load with 1 % faulty upstream responses: resident memory and file descriptors stay
/// flat. Runs 20 s by default; <c>scripts/soak.sh</c> sets <c>K2VV_SOAK_SECONDS</c> for longer runs
/// and <c>K2VV_SOAK_REPORT</c> to write the samples to a file.
/// </summary>
[Collection(ProcessWideTests.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Concurrency = 8;

    [Fact]
    public async Task Soak_OnePercentFaults_MemoryAndHandlesFlat()
    {
        var duration = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("K2VV_SOAK_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 20);
        var sampleEvery = duration / 10;
        await using var vendor = RawVendor.Start();

        // The product's default log levels: the test's log capture keeps every line in memory.
        await using var proxy = await ProxyUnderTest.StartAsync(new Uri(vendor.BaseAddress, "/v1"), settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Yarp"] = "Warning",
        });
        var faults = new[] { UpstreamFault.ResetMidStream, UpstreamFault.ServerErrorWithBody, UpstreamFault.ResetBeforeHeaders, UpstreamFault.InvalidChunkSize };
        vendor.Fault = index => index % 100 == 99 ? faults[index / 100 % faults.Length] : UpstreamFault.None;

        using var stop = new CancellationTokenSource(duration);
        var body = ClientOutcome.ChatRequest();
        long sent = 0;
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await ClientOutcome.SendAsync(proxy.Client, body);
                Interlocked.Increment(ref sent);
            }
        })).ToArray();

        // The first sample is taken after a tenth of the run, once pools and caches are warm.
        var samples = new List<(TimeSpan At, long Requests, ProcessResources Resources)>();
        var started = TimeProvider.System.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(sampleEvery, CancellationToken.None);
            samples.Add((TimeProvider.System.GetElapsedTime(started), Interlocked.Read(ref sent), ProcessResources.Measure()));
        }

        await Task.WhenAll(workers).WaitAsync(TestProxy.Timeout);
        var report = samples.Select(s => $"{s.At.TotalSeconds,7:F1} s  {s.Requests,8} requests  {s.Resources}").ToList();
        foreach (var line in report)
        {
            output.WriteLine(line);
        }

        if (Environment.GetEnvironmentVariable("K2VV_SOAK_REPORT") is { Length: > 0 } reportPath)
        {
            await File.WriteAllLinesAsync(reportPath, report);
        }

        output.WriteLine($"log lines kept: {proxy.Logs.Lines.Count}");
        foreach (var group in proxy.Logs.Lines.GroupBy(line => line.Category).OrderByDescending(g => g.Count()).Take(5))
        {
            output.WriteLine($"  {group.Key}: {group.Count()}");
        }

        var metrics = await proxy.ScrapeAsync();
        Assert.True(sent > 100, $"only {sent} requests were sent");
        Assert.True(metrics.Sum("k2vv_unverified_responses_total") + metrics.Sum("k2vv_tool_call_findings_total", ("finding", "upstream_connection_reset")) >= sent / 100 - 1);

        // Compare the last sample with the first (warm) one: RSS may move with the GC's heap
        // sizing, so the tolerance is 48 MiB; descriptors must be back within 16.
        var first = samples[0].Resources;
        var last = samples[^1].Resources;
        Assert.True(last.ResidentBytes - first.ResidentBytes < 48L * 1024 * 1024, $"RSS grew: {first} -> {last}");
        Assert.True(last.ManagedBytes - first.ManagedBytes < 16L * 1024 * 1024, $"managed memory grew: {first} -> {last}");
        Assert.True(last.FileDescriptors - first.FileDescriptors <= 16, $"descriptors grew: {first} -> {last}");
    }
}
