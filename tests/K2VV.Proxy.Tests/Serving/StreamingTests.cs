using K2VV.Proxy.Tests.Fakes;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>Streaming behaviour: no buffering, client disconnects and upstream resets.</summary>
public sealed class StreamingTests
{
    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public async Task Stream_VendorHoldsEachChunk_ClientReadsChunksOneByOne(string verification)
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"), new Dictionary<string, string?> { ["K2VV:Verification"] = verification });
        var bugCase = BugCase.Get("baseline-stream-arg-deltas");
        var frames = bugCase.Response();
        var clientRead = Enumerable.Range(0, frames.Chunks.Count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

        // The vendor sends chunk i only after the client has read chunk i-1: a proxy that holds
        // back bytes makes the vendor's wait time out and the test fail instead of hanging.
        vendor.Respond(new VendorResponse
        {
            Headers = frames.Headers,
            Chunks = frames.Chunks,
            BeforeChunk = (index, cancellationToken) => clientRead[index - 1].Task.WaitAsync(TestProxy.Timeout, cancellationToken),
        });

        using var response = await ChatRequests.PostAsync(proxy.Client, bugCase.RequestBytes());
        await using var body = await response.Content.ReadAsStreamAsync();
        for (var index = 0; index < frames.Chunks.Count; index++)
        {
            var expected = frames.Chunks[index];
            var received = await ReadExactlyAsync(body, expected.Length);
            Assert.Equal(expected, received);
            clientRead[index].SetResult();
        }

        Assert.Equal(0, await body.ReadAsync(new byte[1]).AsTask().WaitAsync(TestProxy.Timeout));
    }

    [Fact]
    public async Task Stream_ClientDisconnects_UpstreamRequestAbortedAndCounted()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"));
        var bugCase = BugCase.Get("baseline-stream-arg-deltas");
        var frames = bugCase.Response();
        vendor.Respond(new VendorResponse
        {
            Headers = frames.Headers,
            Chunks = frames.Chunks,
            BeforeChunk = (_, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken),
        });
        var before = await proxy.ScrapeAsync();
        var recorded = proxy.Recorded;

        using (var client = TestProxy.CreateClient(proxy.BaseAddress))
        {
            using var response = await ChatRequests.PostAsync(client, bugCase.RequestBytes());
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.Equal(frames.Chunks[0], await ReadExactlyAsync(body, frames.Chunks[0].Length));
        }

        var upstreamRequest = await vendor.NextRequestAsync(TestProxy.Timeout);
        await upstreamRequest.Aborted.WaitAsync(TestProxy.Timeout);
        await proxy.WaitForRecordedAsync(recorded + 1);
        var after = await proxy.ScrapeAsync();
        Assert.Equal(1, after.Sum("k2vv_unverified_responses_total", ("reason", "client_disconnected")) - before.Sum("k2vv_unverified_responses_total", ("reason", "client_disconnected")));
        Assert.Equal(0, after.Sum("k2vv_chat_completions_total") - before.Sum("k2vv_chat_completions_total"));
    }

    [Fact]
    public async Task Stream_UpstreamResets_ClientReadFailsAndResetCounted()
    {
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"));
        var bugCase = BugCase.Get("stream-connection-reset");
        var upstream = bugCase.Response();
        Assert.True(upstream.ResetAfterBody);
        vendor.Respond(upstream);
        var before = await proxy.ScrapeAsync();
        var recorded = proxy.Recorded;

        using var response = await ChatRequests.PostAsync(proxy.Client, bugCase.RequestBytes());
        var (body, error) = await ChatRequests.ReadBodyAsync(response);

        Assert.NotNull(error);
        Assert.Equal(upstream.Body, body);
        await proxy.WaitForRecordedAsync(recorded + 1);
        var after = await proxy.ScrapeAsync();
        const string finding = "k2vv_tool_call_findings_total";
        Assert.Equal(1, after.Sum(finding, ("finding", "upstream_connection_reset")) - before.Sum(finding, ("finding", "upstream_connection_reset")));
        Assert.Equal(1, after.Sum("k2vv_chat_completions_total", ("finish_reason", "none")) - before.Sum("k2vv_chat_completions_total", ("finish_reason", "none")));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TestProxy.Timeout);
        return buffer;
    }
}
