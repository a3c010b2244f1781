using System.Text;
using K2VV.Proxy.Tests.Fakes;
using K2VV.Proxy.Tests.Serving;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>Many streams open at once through one proxy all complete and are all verified.</summary>
[Collection(ProcessWideTests.Name)]
public sealed class ConcurrentStreamTests(ITestOutputHelper output)
{
    private const int Streams = 1_000;

    [Fact]
    public async Task Stream_1000Concurrent_AllCompleteAndVerified()
    {
        using var unobserved = new UnobservedExceptions();
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await ProxyUnderTest.StartAsync(
            new Uri(vendor.BaseAddress, "/v1"),
            settings: new Dictionary<string, string?> { ["K2VV:UpstreamActivityTimeout"] = "00:01:00" });

        // The vendor holds the second frame of every stream until all of them are open, so the
        // streams are truly concurrent inside the proxy.
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var open = 0;
        vendor.Responder = _ =>
        {
            if (Interlocked.Increment(ref open) == Streams)
            {
                allOpen.TrySetResult();
            }

            return new VendorResponse
            {
                Headers = new Dictionary<string, string> { ["content-type"] = "text/event-stream" },
                Chunks = RawVendor.StreamFrames.Select(Encoding.UTF8.GetBytes).ToList(),
                BeforeChunk = (index, cancellationToken) => index == 1 ? allOpen.Task.WaitAsync(cancellationToken) : Task.CompletedTask,
            };
        };
        var expected = string.Concat(RawVendor.StreamFrames);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Streams })
        {
            BaseAddress = proxy.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var started = TimeProvider.System.GetTimestamp();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Streams).Select(_ => ClientOutcome.SendAsync(client, ClientOutcome.ChatRequest())))
            .WaitAsync(TimeSpan.FromSeconds(60));
        await proxy.WaitForRecordedAsync(Streams);
        output.WriteLine($"{Streams} concurrent streams took {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");

        Assert.All(outcomes, outcome => Assert.Equal((200, expected, (string?)null), (outcome.Status, Encoding.UTF8.GetString(outcome.Body), outcome.Error)));
        var metrics = await proxy.ScrapeAsync();
        Assert.Equal(Streams, metrics.Sum("k2vv_tool_call_responses_total", ("verdict", "valid")));
        Assert.Equal(0, metrics.Sum("k2vv_unverified_responses_total"));
        Assert.Empty(unobserved.CollectAndRead());
    }
}
