using K2VV.Proxy.Tests.Serving;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>Repeated upstream faults leave no handles, threads, memory or unobserved exceptions behind, and log a bounded number of lines.</summary>
[Collection(ProcessWideTests.Name)]
public sealed class ResourceLeakTests(ITestOutputHelper output)
{
    private const int Requests = 200;
    private const int Concurrency = 20;

    [Fact]
    public async Task Forward_200FaultyResponses_NoLeakNoUnobservedExceptionLogsRateLimited()
    {
        using var unobserved = new UnobservedExceptions();
        await using var vendor = RawVendor.Start();
        await using var proxy = await ProxyUnderTest.StartAsync(new Uri(vendor.BaseAddress, "/v1"));
        var faults = Enum.GetValues<UpstreamFault>().Where(fault => fault != UpstreamFault.None).ToArray();
        vendor.Fault = index => faults[index % faults.Length];

        // A first round warms up pools, JIT and caches; the second must not grow anything.
        await SendFaultyRoundAsync(proxy);
        var before = ProcessResources.Measure();
        var logLinesBefore = proxy.Logs.Lines.Count;
        await SendFaultyRoundAsync(proxy);
        await proxy.WaitForRecordedAsync(2 * Requests);
        var after = await SettledAsync(before);
        output.WriteLine($"before: {before}");
        output.WriteLine($"after:  {after}");

        Assert.True(after.FileDescriptors - before.FileDescriptors <= 10, $"file descriptors grew: {before} -> {after}");
        Assert.True(after.Threads - before.Threads <= 10, $"threads grew: {before} -> {after}");
        Assert.True(after.ManagedBytes - before.ManagedBytes <= 16 * 1024 * 1024, $"managed memory grew: {before} -> {after}");

        var exceptions = unobserved.CollectAndRead();
        Assert.True(exceptions.Count == 0, string.Join("\n", exceptions));

        // Every fault is counted, but the proxy's own lines above Debug stay rate-limited: one per
        // vendor and reason per minute, however many requests fail.
        var metrics = await proxy.ScrapeAsync();
        Assert.Equal(2 * Requests, metrics.Sum("k2vv_unverified_responses_total") + metrics.Sum("k2vv_chat_completions_total"));
        var ownLines = proxy.Logs.Lines.Where(line => line.Category.StartsWith("K2VV", StringComparison.Ordinal)).ToList();
        var loud = ownLines.Where(line => line.Level >= LogLevel.Information && line.EventId.Id != 1).ToList();
        var yarp = proxy.Logs.Lines.Where(line => line.Category.StartsWith("Yarp", StringComparison.Ordinal) && line.Level >= LogLevel.Warning).ToList();
        output.WriteLine($"K2VV lines at Information or above: {loud.Count}; all K2VV lines: {ownLines.Count}; YARP warnings: {yarp.Count}; new lines in round 2: {proxy.Logs.Lines.Count - logLinesBefore}");
        foreach (var line in loud)
        {
            output.WriteLine($"  {line.Level} {line.EventId.Id} {line.Message}");
        }

        Assert.InRange(loud.Count, 1, 8);
        Assert.InRange(yarp.Count, 0, 8);
        Assert.DoesNotContain(loud, line => line.Level >= LogLevel.Error);
    }

    private static async Task SendFaultyRoundAsync(ProxyUnderTest proxy)
    {
        using var gate = new SemaphoreSlim(Concurrency);
        var body = ClientOutcome.ChatRequest();
        var sends = Enumerable.Range(0, Requests).Select(async _ =>
        {
            await gate.WaitAsync(TestProxy.Timeout);
            try
            {
                await ClientOutcome.SendAsync(proxy.Client, body);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60));
    }

    // Sockets closed by either side leave the descriptor table a moment later; wait up to two
    // seconds for the count to come back before reporting growth.
    private static async Task<ProcessResources> SettledAsync(ProcessResources before)
    {
        var after = ProcessResources.Measure();
        for (var attempt = 0; attempt < 20 && after.FileDescriptors > before.FileDescriptors; attempt++)
        {
            await Task.Delay(100);
            after = ProcessResources.Measure();
        }

        return after;
    }
}
