using K2VV.Proxy.Tests.Fakes;
using K2VV.Proxy.Shadow;
using Xunit;

namespace K2VV.Proxy.Tests.Shadow;

/// <summary>
/// The queue, sender and joiner against a real loopback "official API" that replays the
/// upstream responses of tests/TestData/bug-cases.jsonl; the vendor side is recorded by the test.
/// </summary>
public sealed class ShadowPipelineTests
{
    private static readonly string?[] VendorFinishReasons = ["tool_calls", "stop", null, "length"];

    [Fact]
    public async Task Pipeline_BugCasesBothOrders_ExactConfusionMatrix()
    {
        await using var harness = await ShadowHarness.StartAsync();
        var cases = BugCase.WithUpstream;
        var expected = new ExpectedCounts();

        // Vendor result first: recorded right after queueing, before the official API responds.
        for (var i = 0; i < cases.Count; i++)
        {
            var vendorFinish = VendorFinishReasons[i % VendorFinishReasons.Length];
            Assert.True(harness.Enqueue(cases[i], $"vendor-first-{i}"));
            harness.Joiner.RecordVendorResult($"vendor-first-{i}", vendorFinish);
            expected.Add(vendorFinish, cases[i]);
        }

        // Official result first: the vendor result is recorded once the official one is waiting.
        for (var i = 0; i < cases.Count; i++)
        {
            var vendorFinish = VendorFinishReasons[(i + 1) % VendorFinishReasons.Length];
            Assert.True(harness.Enqueue(cases[i], $"official-first-{i}"));
            await harness.WaitForOfficialResultAsync($"official-first-{i}");
            harness.Joiner.RecordVendorResult($"official-first-{i}", vendorFinish);
            expected.Add(vendorFinish, cases[i]);
        }

        Assert.True(expected.TruePositives > 0 && expected.FalsePositives > 0 && expected.FalseNegatives > 0 && expected.TrueNegatives > 0, "every outcome must occur at least once");
        Assert.True(expected.Failed > 0 && expected.Completed > 0, "both shadow outcomes must occur");
        await harness.Metrics.WaitForRequestsAsync(2 * cases.Count);

        Assert.Equal(expected.TruePositives, harness.Metrics.Comparisons(TriggerOutcome.TruePositive));
        Assert.Equal(expected.FalsePositives, harness.Metrics.Comparisons(TriggerOutcome.FalsePositive));
        Assert.Equal(expected.FalseNegatives, harness.Metrics.Comparisons(TriggerOutcome.FalseNegative));
        Assert.Equal(expected.TrueNegatives, harness.Metrics.Comparisons(TriggerOutcome.TrueNegative));
        Assert.Equal(expected.Completed, harness.Metrics.Requests(ShadowOutcome.Completed));
        Assert.Equal(expected.Failed, harness.Metrics.Requests(ShadowOutcome.Failed));
        Assert.Equal(0, harness.Metrics.Requests(ShadowOutcome.Dropped));
        Assert.Equal(0, harness.Joiner.PendingCount);

        // Every shadow copy kept the client's stream setting and carried only the shadow key.
        Assert.Equal(2 * cases.Count, harness.Official.Received.Count);
        foreach (var received in harness.Official.Received)
        {
            Assert.Equal(BugCase.Get(received.CaseId).IsStream, received.Stream);
            Assert.Equal("Bearer " + ShadowHarness.ShadowKey, received.Authorization);
            Assert.Equal("", received.Cookie);
            Assert.Equal("application/json, text/event-stream", received.Accept);
        }

        // Neither key reaches the log, at any level.
        Assert.NotEmpty(harness.Logs.Lines);
        Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains(ShadowHarness.ShadowKey, StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains("client-secret-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipeline_ShadowSlowerThanVendor_ComparesLater()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ShadowHarness.StartAsync();
        harness.Official.OnRequest = _ =>
        {
            received.TrySetResult();
            return release.Task;
        };

        Assert.True(harness.Enqueue(BugCase.Get("baseline-stream-arg-deltas"), "slow-official"));
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Joiner.RecordVendorResult("slow-official", "tool_calls");
        Assert.Equal(0, harness.Metrics.TotalComparisons);

        release.SetResult();
        await harness.Metrics.WaitForRequestsAsync(1);

        Assert.Equal(1, harness.Metrics.Comparisons("vendor-a", "kimi-k2-0905-preview", TriggerOutcome.TruePositive));
        Assert.Equal(1, harness.Metrics.Requests(ShadowOutcome.Completed));
    }

    [Fact]
    public async Task Pipeline_ClientActivity_SpanLinkedAndTagged()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = ShadowJoinerTests.ListenToShadowSource();
        listener.ActivityStopped = stopped.Enqueue;
        await using var harness = await ShadowHarness.StartAsync();

        using (var clientActivity = new System.Diagnostics.Activity("client request").Start())
        {
            Assert.True(harness.Enqueue(BugCase.Get("baseline-nonstream-valid"), "traced"));
            harness.Joiner.RecordVendorResult("traced", "stop");

            // The joiner counts the pair before it stops the span, so wait for the span itself.
            await harness.Metrics.WaitForRequestsAsync(1);
            var traceId = clientActivity.TraceId;
            await WaitUntilAsync(() => stopped.Any(activity => activity.Links.Any(link => link.Context.TraceId == traceId)));
            var span = Assert.Single(stopped, activity => activity.Links.Any(link => link.Context.TraceId == traceId));

            Assert.NotEqual(clientActivity.TraceId, span.TraceId);
            Assert.Equal(System.Diagnostics.ActivityKind.Client, span.Kind);
            Assert.Equal("tool_calls", span.GetTagItem(ShadowTelemetry.ShadowFinishReasonTag));
            Assert.Equal("stop", span.GetTagItem(ShadowTelemetry.VendorFinishReasonTag));
            Assert.Equal("fn", span.GetTagItem(ShadowTelemetry.TriggerOutcomeTag));
            Assert.Equal("vendor-a", span.GetTagItem(ShadowTelemetry.VendorTag));
        }
    }

    [Fact]
    public async Task Pipeline_OfficialTimesOut_FailedAndFalsePositive()
    {
        await using var harness = await ShadowHarness.StartAsync(options => options.RequestTimeout = TimeSpan.FromMilliseconds(300));
        harness.Official.AnswerDelay = TimeSpan.FromSeconds(30);

        Assert.True(harness.EnqueueUninspected(BugCase.Get("baseline-nonstream-valid"), "timeout"));
        harness.Joiner.RecordVendorResult("timeout", "tool_calls");
        await harness.Metrics.WaitForRequestsAsync(1);

        Assert.Equal(1, harness.Metrics.Comparisons(TriggerOutcome.FalsePositive));
        Assert.Equal(1, harness.Metrics.TotalComparisons);
        Assert.Equal(1, harness.Metrics.Requests(ShadowOutcome.Failed));
    }

    [Fact]
    public async Task Pipeline_OfficialUnreachable_CountsFailedAndTrueNegative()
    {
        var closedPort = await FreePortAsync();
        await using var harness = await ShadowHarness.StartAsync(options => options.UpstreamBaseUrl = new Uri($"http://127.0.0.1:{closedPort}/v1"));

        Assert.True(harness.EnqueueUninspected(BugCase.Get("baseline-nonstream-valid"), "unreachable"));
        harness.Joiner.RecordVendorResult("unreachable", "stop");
        await harness.Metrics.WaitForRequestsAsync(1);

        Assert.Equal(1, harness.Metrics.Comparisons(TriggerOutcome.TrueNegative));
        Assert.Equal(1, harness.Metrics.TotalComparisons);
        Assert.Equal(1, harness.Metrics.Requests(ShadowOutcome.Failed));
    }

    [Fact]
    public async Task TryEnqueue_QueueFull_DropsAndCountsDropped()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ShadowHarness.StartAsync(options =>
        {
            options.MaxConcurrency = 1;
            options.QueueCapacity = 1;
        });
        harness.Official.OnRequest = _ =>
        {
            firstReceived.TrySetResult();
            return release.Task;
        };
        var bugCase = BugCase.Get("baseline-nonstream-valid");

        // The first copy is in flight and blocked, the second fills the queue, the third is dropped.
        Assert.True(harness.EnqueueUninspected(bugCase, "in-flight"));
        await firstReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(harness.EnqueueUninspected(bugCase, "queued"));
        Assert.False(harness.EnqueueUninspected(bugCase, "dropped"));
        Assert.Equal(1, harness.Metrics.Requests(ShadowOutcome.Dropped));

        release.SetResult();
        foreach (var requestId in new[] { "in-flight", "queued", "dropped" })
        {
            harness.Joiner.RecordVendorResult(requestId, "stop");
        }

        await harness.Metrics.WaitForRequestsAsync(3);
        Assert.Equal(2, harness.Metrics.TotalComparisons);
        Assert.Equal(1, harness.Metrics.Requests(ShadowOutcome.Dropped));
        Assert.Equal(2, harness.Official.Received.Count);
        Assert.Equal(0, harness.Joiner.PendingCount);
    }

    [Fact]
    public async Task Sender_HostStops_CountsQueuedAndInFlightDropped()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ShadowHarness.StartAsync(options => options.MaxConcurrency = 1);
        harness.Official.OnRequest = _ =>
        {
            firstReceived.TrySetResult();
            return release.Task;
        };
        var bugCase = BugCase.Get("baseline-nonstream-valid");

        Assert.True(harness.EnqueueUninspected(bugCase, "in-flight"));
        await firstReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(harness.EnqueueUninspected(bugCase, "queued"));
        harness.Joiner.RecordVendorResult("in-flight", "tool_calls");
        await harness.StopHostAsync();
        release.SetResult();

        Assert.Equal(2, harness.Metrics.Requests(ShadowOutcome.Dropped));
        Assert.Equal(0, harness.Metrics.TotalComparisons);
        Assert.Equal(0, harness.Joiner.PendingCount);
        Assert.Single(harness.Official.Received);
    }

    [Fact]
    public async Task Pipeline_NoVendorResult_DroppedAfterTimeLimit()
    {
        await using var harness = await ShadowHarness.StartAsync(options => options.PairingTimeout = TimeSpan.FromMilliseconds(200));

        Assert.True(harness.EnqueueUninspected(BugCase.Get("http-502-html-body"), "no-vendor"));
        await harness.Metrics.WaitForRequestsAsync(1);

        Assert.Equal(1, harness.Metrics.Requests(ShadowOutcome.Dropped));
        Assert.Equal(0, harness.Metrics.TotalComparisons);
        Assert.Equal(0, harness.Joiner.PendingCount);
    }

    [Fact]
    public async Task Pipeline_LateOfficialResult_DroppedAndIgnored()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ShadowHarness.StartAsync(options => options.PairingTimeout = TimeSpan.FromMilliseconds(200));
        harness.Official.OnRequest = _ => release.Task;

        Assert.True(harness.EnqueueUninspected(BugCase.Get("http-502-html-body"), "late-official"));
        harness.Joiner.RecordVendorResult("late-official", "tool_calls");
        await harness.Metrics.WaitForRequestsAsync(1);
        Assert.Equal(1, harness.Metrics.Requests(ShadowOutcome.Dropped));

        // The official response now arrives for a pair that no longer exists.
        release.SetResult();
        await WaitUntilAsync(() => harness.Official.Received.Count == 1);
        await Task.Delay(200);

        Assert.Equal(0, harness.Metrics.TotalComparisons);
        Assert.Equal(1, harness.Metrics.TotalRequests);
        Assert.Equal(0, harness.Joiner.PendingCount);
    }

    [Fact]
    public async Task TryEnqueue_MappedModel_SendsOfficialName()
    {
        await using var harness = await ShadowHarness.StartAsync(options => options.ModelMap["kimi-k2-0905-preview"] = "kimi-official-test");

        Assert.True(harness.EnqueueUninspected(BugCase.Get("http-502-html-body"), "mapped"));
        harness.Joiner.RecordVendorResult("mapped", "stop");
        await harness.Metrics.WaitForRequestsAsync(1);

        Assert.Equal("kimi-official-test", Assert.Single(harness.Official.Received).Model);
    }

    [Fact]
    public async Task TryEnqueue_UnmappedModel_NotShadowed()
    {
        await using var harness = await ShadowHarness.StartAsync(options => options.ModelMap["another-model"] = "kimi-official-test");

        Assert.False(harness.EnqueueUninspected(BugCase.Get("http-502-html-body"), "unmapped"));

        Assert.Equal(0, harness.Metrics.TotalRequests);
        Assert.Equal(0, harness.Joiner.PendingCount);
    }

    [Fact]
    public async Task TryEnqueue_RateZero_QueuesNothing()
    {
        await using var harness = await ShadowHarness.StartAsync(options => options.SampleRate = 0);

        Assert.False(harness.EnqueueUninspected(BugCase.Get("http-502-html-body"), "off"));

        Assert.Equal(0, harness.Metrics.TotalRequests);
        Assert.Equal(0, harness.Joiner.PendingCount);
    }

    [Fact]
    public async Task TryEnqueue_BudgetSpent_DropsAndCountsDropped()
    {
        await using var harness = await ShadowHarness.StartAsync(options => options.MaxRequestsPerMinute = 2);
        var bugCase = BugCase.Get("http-502-html-body");

        Assert.True(harness.EnqueueUninspected(bugCase, "budget-1"));
        Assert.True(harness.EnqueueUninspected(bugCase, "budget-2"));
        Assert.False(harness.EnqueueUninspected(bugCase, "budget-3"));

        Assert.Equal(1, harness.Metrics.Requests(ShadowOutcome.Dropped));
        harness.Joiner.RecordVendorResult("budget-1", "stop");
        harness.Joiner.RecordVendorResult("budget-2", "stop");
        await harness.Metrics.WaitForRequestsAsync(3);
        Assert.Equal(2, harness.Official.Received.Count);
    }

    private static async Task<int> FreePortAsync()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await Task.CompletedTask;
        return port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>The confusion matrix written out from its definition, independent of the product's classifier.</summary>
    private sealed class ExpectedCounts
    {
        public int TruePositives { get; private set; }

        public int FalsePositives { get; private set; }

        public int FalseNegatives { get; private set; }

        public int TrueNegatives { get; private set; }

        public int Completed { get; private set; }

        public int Failed { get; private set; }

        public void Add(string? vendorFinish, BugCase officialCase)
        {
            var officialFinish = officialCase.Status is >= 200 and <= 299 ? officialCase.ExpectedK2vvFinishReason : null;
            var vendorCalled = vendorFinish == "tool_calls";
            var officialCalled = officialFinish == "tool_calls";
            if (vendorCalled && officialCalled)
            {
                TruePositives++;
            }
            else if (vendorCalled)
            {
                FalsePositives++;
            }
            else if (officialCalled)
            {
                FalseNegatives++;
            }
            else
            {
                TrueNegatives++;
            }

            if (officialFinish is null)
            {
                Failed++;
            }
            else
            {
                Completed++;
            }
        }
    }
}
