using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Shadow;

/// <summary>
/// Joins the vendor's result and the official result of each sampled request by request id,
/// in either order, and records the comparison once both are known.
/// </summary>
/// <remarks>
/// A pair is registered when the request is queued. Once the first half arrives, the other has
/// <see cref="ShadowOptions.PairingTimeout"/> to follow; after that the pair is counted as
/// <c>dropped</c> and forgotten. Results for ids that were never registered (requests that
/// were not sampled) are ignored, so unsampled traffic costs no memory here.
/// </remarks>
internal sealed class ShadowJoiner : IDisposable
{
    private readonly Dictionary<string, PendingPair> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly IShadowMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LogThrottle _throttle;
    private readonly TimeSpan _pairingTimeout;
    private readonly ITimer _sweepTimer;

    public ShadowJoiner(IOptions<ShadowOptions> options, IShadowMetrics metrics, TimeProvider timeProvider, ILogger<ShadowJoiner> logger)
    {
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _throttle = new LogThrottle(timeProvider, TimeSpan.FromSeconds(10));
        _pairingTimeout = options.Value.PairingTimeout;

        // A pair expires at most one sweep period after its time limit.
        var sweepPeriod = TimeSpan.FromTicks(Math.Clamp(_pairingTimeout.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(30).Ticks));
        _sweepTimer = timeProvider.CreateTimer(_ => SweepExpired(), null, sweepPeriod, sweepPeriod);
    }

    /// <summary>Number of registered pairs not yet compared or dropped.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>True when the official result of <paramref name="requestId"/> is waiting for the vendor's.</summary>
    internal bool HasOfficialResult(string requestId)
    {
        lock (_lock)
        {
            return _pending.TryGetValue(requestId, out var pair) && pair.Official is not null;
        }
    }

    /// <summary>Registers a sampled request before it is queued; false when the id is already pending.</summary>
    public bool Register(string requestId, string vendor, string? model)
    {
        lock (_lock)
        {
            return _pending.TryAdd(requestId, new PendingPair(vendor, model));
        }
    }

    /// <summary>Forgets a registered pair without counting it, for a request that was not queued after all.</summary>
    public void Forget(string requestId)
    {
        lock (_lock)
        {
            _pending.Remove(requestId);
        }
    }

    /// <summary>
    /// Records the vendor's K2VV finish reason for <paramref name="requestId"/>. Call it for every
    /// verified response; ids that were not sampled are ignored.
    /// </summary>
    /// <param name="requestId">The id passed to <see cref="ShadowQueue.TryEnqueue"/>.</param>
    /// <param name="k2vvFinishReason">The vendor response's finish reason as K2VV records it; null when the vendor request failed.</param>
    public void RecordVendorResult(string requestId, string? k2vvFinishReason)
    {
        PendingPair? completed;
        lock (_lock)
        {
            if (!_pending.TryGetValue(requestId, out var pair) || pair.VendorKnown)
            {
                return;
            }

            pair.VendorKnown = true;
            pair.VendorFinishReason = k2vvFinishReason;
            completed = TakeIfComplete(requestId, pair);
        }

        if (completed is not null)
        {
            Compare(requestId, completed);
        }
    }

    /// <summary>Records the official result; stops its span at once when the pair is dropped or already gone.</summary>
    public void RecordOfficialResult(string requestId, OfficialResult result)
    {
        PendingPair? completed;
        lock (_lock)
        {
            if (!_pending.TryGetValue(requestId, out var pair) || pair.Official is not null)
            {
                completed = null;
            }
            else
            {
                pair.Official = result;
                completed = TakeIfComplete(requestId, pair);
                if (completed is null)
                {
                    return;
                }
            }
        }

        if (completed is null)
        {
            StopSpan(result, pairing: "unregistered");
            return;
        }

        Compare(requestId, completed);
    }

    /// <summary>
    /// Counts a registered pair as dropped without a comparison: the proxy stopped before the
    /// official response arrived, or the client disconnected before the vendor's response ended.
    /// </summary>
    public void Abandon(string requestId)
    {
        PendingPair? pair;
        lock (_lock)
        {
            if (!_pending.Remove(requestId, out pair))
            {
                return;
            }
        }

        _metrics.RecordShadowRequest(pair.Vendor, ShadowOutcome.Dropped);
        if (pair.Official is not null)
        {
            StopSpan(pair.Official, pairing: "abandoned");
        }
    }

    /// <summary>Drops every pair whose first half has waited longer than the pairing time limit.</summary>
    internal void SweepExpired()
    {
        var now = _timeProvider.GetTimestamp();
        List<(string RequestId, PendingPair Pair)>? expired = null;
        lock (_lock)
        {
            foreach (var (requestId, pair) in _pending)
            {
                if (pair.FirstHalfAt is { } firstHalfAt && _timeProvider.GetElapsedTime(firstHalfAt, now) >= _pairingTimeout)
                {
                    (expired ??= []).Add((requestId, pair));
                }
            }

            foreach (var (requestId, _) in expired ?? [])
            {
                _pending.Remove(requestId);
            }
        }

        foreach (var (requestId, pair) in expired ?? [])
        {
            _metrics.RecordShadowRequest(pair.Vendor, ShadowOutcome.Dropped);
            if (pair.Official is not null)
            {
                StopSpan(pair.Official, pairing: "timed_out");
            }

            if (_throttle.TryAcquire("pairing:" + pair.Vendor, out var suppressed))
            {
                ShadowLog.PairTimedOut(_logger, requestId, pair.Vendor, pair.VendorKnown ? "official" : "vendor", _pairingTimeout, suppressed);
            }
        }
    }

    public void Dispose() => _sweepTimer.Dispose();

    private PendingPair? TakeIfComplete(string requestId, PendingPair pair)
    {
        if (pair.VendorKnown && pair.Official is not null)
        {
            _pending.Remove(requestId);
            return pair;
        }

        pair.FirstHalfAt = _timeProvider.GetTimestamp();
        return null;
    }

    private void Compare(string requestId, PendingPair pair)
    {
        var official = pair.Official!;
        var outcome = TriggerClassifier.Classify(pair.VendorFinishReason, official.K2vvFinishReason);

        _metrics.RecordComparison(pair.Vendor, pair.Model, outcome);
        _metrics.RecordShadowRequest(pair.Vendor, official.Failed ? ShadowOutcome.Failed : ShadowOutcome.Completed);
        ShadowLog.Compared(_logger, requestId, pair.Vendor, pair.Model, pair.VendorFinishReason, official.K2vvFinishReason, outcome);

        official.Span?.SetTag(ShadowTelemetry.VendorFinishReasonTag, pair.VendorFinishReason);
        official.Span?.SetTag(ShadowTelemetry.TriggerOutcomeTag, outcome.ToLabel());
        StopSpan(official, pairing: "compared");
    }

    private static void StopSpan(OfficialResult result, string pairing)
    {
        var span = result.Span;
        if (span is null)
        {
            return;
        }

        span.SetTag(ShadowTelemetry.PairingTag, pairing);

        // The span covers the official call only, even when it is stopped later, on the vendor's
        // thread. Stop() resets Activity.Current, so the caller's current activity is restored.
        var current = Activity.Current;
        span.SetEndTime(result.EndTime.UtcDateTime);
        span.Stop();
        Activity.Current = current;
    }

    private sealed class PendingPair(string vendor, string? model)
    {
        public string Vendor { get; } = vendor;

        public string? Model { get; } = model;

        public bool VendorKnown { get; set; }

        public string? VendorFinishReason { get; set; }

        public OfficialResult? Official { get; set; }

        /// <summary>Timestamp of the first result, or null while neither has arrived.</summary>
        public long? FirstHalfAt { get; set; }
    }
}
