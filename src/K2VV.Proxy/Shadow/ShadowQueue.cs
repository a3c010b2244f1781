using System.Diagnostics;
using System.Threading.Channels;
using K2VV.Verification.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace K2VV.Proxy.Shadow;

/// <summary>
/// Samples chat-completion requests and queues a copy of each sampled one for the official API.
/// Called on the request path: it never blocks, never throws on bad input, and a full queue
/// drops the copy instead of slowing the client down.
/// </summary>
internal sealed class ShadowQueue
{
    private readonly ShadowOptions _options;
    private readonly ShadowJoiner _joiner;
    private readonly IShadowMetrics _metrics;
    private readonly ILogger _logger;
    private readonly LogThrottle _throttle;
    private readonly PerMinuteBudget _budget;
    private readonly Func<double> _nextSample;
    private readonly Channel<ShadowRequest> _channel;

    /// <param name="nextSample">Returns a uniform number in [0, 1) per request; tests pass a fixed sequence.</param>
    public ShadowQueue(
        IOptions<ShadowOptions> options,
        ShadowJoiner joiner,
        IShadowMetrics metrics,
        TimeProvider timeProvider,
        ILogger<ShadowQueue> logger,
        Func<double>? nextSample = null)
    {
        _options = options.Value;
        _joiner = joiner;
        _metrics = metrics;
        _logger = logger;
        _throttle = new LogThrottle(timeProvider, TimeSpan.FromSeconds(10));
        _budget = new PerMinuteBudget(_options.MaxRequestsPerMinute, timeProvider);
        _nextSample = nextSample ?? Random.Shared.NextDouble;
        _channel = Channel.CreateBounded<ShadowRequest>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>The queued copies, read by <see cref="ShadowSender"/>.</summary>
    internal ChannelReader<ShadowRequest> Reader => _channel.Reader;

    /// <summary>
    /// Decides whether to shadow this request and, if so, queues a copy of
    /// <paramref name="forwardedBody"/> with only the <c>Content-Type</c> and <c>Accept</c> headers.
    /// </summary>
    /// <param name="requestId">Unique id of the client request; pass the same id to <see cref="ShadowJoiner.RecordVendorResult"/> afterwards.</param>
    /// <param name="vendor">The vendor label (the route's cluster id).</param>
    /// <param name="request">The inspected client request.</param>
    /// <param name="forwardedBody">The body as forwarded to the vendor; copied here, so the caller may reuse its buffer.</param>
    /// <param name="requestHeaders">The client's headers; only <c>Content-Type</c> and <c>Accept</c> are read.</param>
    /// <returns>True when a copy was queued.</returns>
    public bool TryEnqueue(string requestId, string vendor, ChatRequest request, ReadOnlySpan<byte> forwardedBody, IHeaderDictionary requestHeaders)
    {
        try
        {
            return TryEnqueueCore(requestId, vendor, request, forwardedBody, requestHeaders);
        }
        catch (Exception exception)
        {
            // Shadowing must never break the client's request, even through a defect here.
            _joiner.Forget(requestId);
            ShadowLog.UnexpectedError(_logger, requestId, vendor, exception);
            return false;
        }
    }

    private bool TryEnqueueCore(string requestId, string vendor, ChatRequest request, ReadOnlySpan<byte> forwardedBody, IHeaderDictionary requestHeaders)
    {
        if (!_options.Enabled || _nextSample() >= _options.SampleRate)
        {
            return false;
        }

        if (!ShadowModelMap.TryResolve(_options.ModelMap, request.Model, out var officialModel))
        {
            if (_throttle.TryAcquire("unmapped:" + vendor, out var suppressed))
            {
                ShadowLog.ModelNotMapped(_logger, request.Model, vendor, suppressed);
            }

            return false;
        }

        if (!_budget.TryTake())
        {
            _metrics.RecordShadowRequest(vendor, ShadowOutcome.Dropped);
            if (_throttle.TryAcquire("budget:" + vendor, out var suppressed))
            {
                ShadowLog.BudgetSpent(_logger, vendor, _options.MaxRequestsPerMinute, suppressed);
            }

            return false;
        }

        if (!_joiner.Register(requestId, vendor, request.Model))
        {
            ShadowLog.DuplicateRequestId(_logger, requestId);
            return false;
        }

        var copy = new ShadowRequest(
            requestId,
            vendor,
            request,
            officialModel,
            forwardedBody.ToArray(),
            NullIfEmpty(requestHeaders[HeaderNames.ContentType]),
            NullIfEmpty(requestHeaders[HeaderNames.Accept]),
            Activity.Current?.Context ?? default);

        if (_channel.Writer.TryWrite(copy))
        {
            return true;
        }

        _joiner.Forget(requestId);
        _metrics.RecordShadowRequest(vendor, ShadowOutcome.Dropped);
        if (_throttle.TryAcquire("full:" + vendor, out var dropped))
        {
            ShadowLog.QueueFull(_logger, vendor, _options.QueueCapacity, dropped);
        }

        return false;
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values.ToString();
}
