using System.Diagnostics;
using K2VV.Proxy.Shadow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace K2VV.Proxy.Tests.Shadow;

public sealed class ShadowJoinerTests
{
    private static readonly TimeSpan PairingTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void RecordVendorResult_VendorFirst_ComparesLater()
    {
        var (joiner, metrics, time) = CreateSut();
        Assert.True(joiner.Register("r1", "vendor-a", "model-a"));

        joiner.RecordVendorResult("r1", "tool_calls");
        Assert.Equal(0, metrics.TotalComparisons);
        joiner.RecordOfficialResult("r1", Official("stop", time));

        Assert.Equal(1, metrics.Comparisons("vendor-a", "model-a", TriggerOutcome.FalsePositive));
        Assert.Equal(1, metrics.Requests(ShadowOutcome.Completed));
        Assert.Equal(0, joiner.PendingCount);
    }

    [Fact]
    public void RecordOfficialResult_OfficialFirst_ComparesLater()
    {
        var (joiner, metrics, time) = CreateSut();
        Assert.True(joiner.Register("r1", "vendor-a", "model-a"));

        joiner.RecordOfficialResult("r1", Official("tool_calls", time));
        Assert.True(joiner.HasOfficialResult("r1"));
        joiner.RecordVendorResult("r1", "stop");

        Assert.Equal(1, metrics.Comparisons("vendor-a", "model-a", TriggerOutcome.FalseNegative));
        Assert.Equal(1, metrics.Requests(ShadowOutcome.Completed));
    }

    [Fact]
    public void RecordOfficialResult_Failed_CountsFailedAndCompares()
    {
        var (joiner, metrics, time) = CreateSut();
        joiner.Register("r1", "vendor-a", "model-a");

        joiner.RecordVendorResult("r1", "tool_calls");
        joiner.RecordOfficialResult("r1", Official(null, time));

        Assert.Equal(1, metrics.Comparisons(TriggerOutcome.FalsePositive));
        Assert.Equal(1, metrics.Requests(ShadowOutcome.Failed));
        Assert.Equal(0, metrics.Requests(ShadowOutcome.Completed));
    }

    [Fact]
    public void RecordVendorResult_UnregisteredId_IsIgnored()
    {
        var (joiner, metrics, _) = CreateSut();

        joiner.RecordVendorResult("never-sampled", "tool_calls");

        Assert.Equal(0, joiner.PendingCount);
        Assert.Equal(0, metrics.TotalRequests);
    }

    [Fact]
    public void RecordVendorResult_SecondCall_KeepsFirst()
    {
        var (joiner, metrics, time) = CreateSut();
        joiner.Register("r1", "vendor-a", null);

        joiner.RecordVendorResult("r1", "tool_calls");
        joiner.RecordVendorResult("r1", "stop");
        joiner.RecordOfficialResult("r1", Official("tool_calls", time));

        Assert.Equal(1, metrics.Comparisons(TriggerOutcome.TruePositive));
        Assert.Equal(1, metrics.TotalComparisons);
    }

    [Fact]
    public void Register_DuplicateId_ReturnsFalse()
    {
        var (joiner, _, _) = CreateSut();

        Assert.True(joiner.Register("r1", "vendor-a", null));
        Assert.False(joiner.Register("r1", "vendor-a", null));
    }

    [Fact]
    public void SweepExpired_HalfOlderThanLimit_DropsPair()
    {
        var (joiner, metrics, time) = CreateSut();
        joiner.Register("vendor-only", "vendor-a", null);
        joiner.Register("official-only", "vendor-a", null);
        joiner.Register("neither", "vendor-a", null);
        joiner.RecordVendorResult("vendor-only", "tool_calls");
        joiner.RecordOfficialResult("official-only", Official("stop", time));

        time.Advance(PairingTimeout - TimeSpan.FromSeconds(1));
        joiner.SweepExpired();
        Assert.Equal(3, joiner.PendingCount);

        // The timer sweeps at a quarter of the limit, so advancing past it fires the sweep.
        time.Advance(PairingTimeout);
        Assert.Equal(2, metrics.Requests(ShadowOutcome.Dropped));
        Assert.Equal(0, metrics.TotalComparisons);

        // A pair with neither half waits for the sender, which always reports one.
        Assert.Equal(1, joiner.PendingCount);
        joiner.RecordVendorResult("vendor-only", "tool_calls");
        Assert.Equal(2, metrics.TotalRequests);
    }

    [Fact]
    public void Abandon_RegisteredPair_CountsDroppedOnce()
    {
        var (joiner, metrics, _) = CreateSut();
        joiner.Register("r1", "vendor-a", null);

        joiner.Abandon("r1");
        joiner.Abandon("r1");

        Assert.Equal(1, metrics.Requests(ShadowOutcome.Dropped));
        Assert.Equal(0, joiner.PendingCount);
    }

    [Fact]
    public void RecordVendorResult_SpanWaiting_TagsAndStopsSpan()
    {
        using var listener = ListenToShadowSource();
        var (joiner, _, _) = CreateSut();
        joiner.Register("r1", "vendor-a", null);
        var span = ShadowTelemetry.Source.StartActivity("test shadow call", ActivityKind.Client, default(ActivityContext))!;
        span.SetTag(ShadowTelemetry.ShadowFinishReasonTag, "tool_calls");
        var callEnd = span.StartTimeUtc.AddMilliseconds(250);
        joiner.RecordOfficialResult("r1", new OfficialResult("tool_calls", 200, null, span, new DateTimeOffset(callEnd)));

        using var clientActivity = new Activity("client request").Start();
        joiner.RecordVendorResult("r1", "stop");

        Assert.True(span.IsStopped);
        Assert.Equal("stop", span.GetTagItem(ShadowTelemetry.VendorFinishReasonTag));
        Assert.Equal("tool_calls", span.GetTagItem(ShadowTelemetry.ShadowFinishReasonTag));
        Assert.Equal("fn", span.GetTagItem(ShadowTelemetry.TriggerOutcomeTag));
        Assert.Equal(TimeSpan.FromMilliseconds(250), span.Duration);
        Assert.Same(clientActivity, Activity.Current);
    }

    internal static ActivityListener ListenToShadowSource()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ShadowTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static OfficialResult Official(string? finishReason, TimeProvider time) =>
        new(finishReason, finishReason is null ? 500 : 200, finishReason is null ? "HTTP error status" : null, null, time.GetUtcNow());

    private static (ShadowJoiner Joiner, RecordingShadowMetrics Metrics, FakeTimeProvider Time) CreateSut()
    {
        var time = new FakeTimeProvider();
        var metrics = new RecordingShadowMetrics();
        var options = Options.Create(new ShadowOptions { PairingTimeout = PairingTimeout });
        var joiner = new ShadowJoiner(options, metrics, time, NullLogger<ShadowJoiner>.Instance);
        return (joiner, metrics, time);
    }
}
