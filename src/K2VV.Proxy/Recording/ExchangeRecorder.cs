using System.Diagnostics;
using K2VV.Proxy.Capture;
using K2VV.Proxy.Logging;
using K2VV.Proxy.Metrics;
using K2VV.Proxy.Shadow;
using K2VV.Proxy.Tracing;
using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace K2VV.Proxy.Recording;

/// <summary>
/// The one place that turns the outcome of a chat-completion exchange into metrics, trace
/// attributes, log lines and capture records. Runs after the response has been sent.
/// </summary>
internal sealed class ExchangeRecorder
{
    private readonly ProxyMetrics _metrics;
    private readonly ModelLabels _models;
    private readonly VerdictEvaluator _evaluator;
    private readonly FailureCapture _capture;
    private readonly ShadowJoiner _shadow;
    private readonly TimeProvider _time;
    private readonly ILogger<ExchangeRecorder> _logger;
    private readonly LogRateLimiter _logLimiter;
    private long _recorded;

    /// <summary>Creates the recorder.</summary>
    public ExchangeRecorder(
        ProxyMetrics metrics,
        ModelLabels models,
        VerdictEvaluator evaluator,
        FailureCapture capture,
        ShadowJoiner shadow,
        TimeProvider time,
        ILogger<ExchangeRecorder> logger)
    {
        _metrics = metrics;
        _models = models;
        _evaluator = evaluator;
        _capture = capture;
        _shadow = shadow;
        _time = time;
        _logger = logger;
        _logLimiter = new LogRateLimiter(time, TimeSpan.FromMinutes(1));
    }

    /// <summary>Chat-completion exchanges fully recorded so far (verified or not); tests wait on it.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>Counts the ids the request rewrite changed.</summary>
    public void RecordRewrites(string vendor, int changed)
    {
        if (changed > 0)
        {
            _metrics.ToolCallIdRewrites.WithLabels(vendor).Inc(changed);
        }
    }

    /// <summary>Records an exchange that produced no verdict, with its reason.</summary>
    public void RecordUnverified(string vendor, string reason, Activity? activity)
    {
        _metrics.UnverifiedResponses.WithLabels(vendor, reason).Inc();
        ExchangeTags.SetUnverified(activity, reason);
        if (_logLimiter.TryAcquire(vendor + "/" + reason))
        {
            Log.UnverifiedResponse(_logger, vendor, reason);
        }
        else
        {
            Log.UnverifiedResponseRepeated(_logger, vendor, reason);
        }

        Interlocked.Increment(ref _recorded);
    }

    /// <summary>Logs an unexpected verifier exception, at most once a minute per vendor.</summary>
    public void ReportFailure(string vendor, Exception exception)
    {
        if (_logLimiter.TryAcquire(vendor + "/exception"))
        {
            Log.VerificationFailed(_logger, vendor, exception);
        }
    }

    /// <summary>
    /// Completes the accumulation of a forwarded exchange, evaluates it and records the result.
    /// <paramref name="error"/> is what the forwarder reported; <paramref name="endTimestamp"/>
    /// was taken when the forwarder finished the response body.
    /// </summary>
    public void RecordExchange(ChatExchange exchange, ForwarderError error, int statusCode, long endTimestamp)
    {
        using var observer = exchange.Observer;
        var vendor = exchange.Vendor;
        var model = _models.Resolve(exchange.Request.Model);
        var stream = exchange.Request.Stream ? "true" : "false";

        if (IsClientDisconnect(error))
        {
            Log.ClientDisconnected(_logger, vendor, error.ToString());
            DropShadow(exchange);
            RecordUnverified(vendor, UnverifiedReasons.ClientDisconnected, exchange.Activity);
            return;
        }

        var upstreamReset = error == ForwarderError.ResponseBodyDestination;
        if (error != ForwarderError.None && !upstreamReset)
        {
            // No upstream response reached the client: the forwarder responded with 502 or 504 itself.
            RecordShadowVendorResult(exchange, null);
            RecordUnverified(vendor, UnverifiedReasons.UpstreamUnavailable, exchange.Activity);
            return;
        }

        if (upstreamReset)
        {
            Log.UpstreamReset(_logger, vendor);
        }

        _metrics.UpstreamDuration.WithLabels(vendor, model, stream).Observe(_time.GetElapsedTime(exchange.StartTimestamp, endTimestamp).TotalSeconds);
        if (observer.FirstByteTimestamp is { } firstByte)
        {
            _metrics.TimeToFirstByte.WithLabels(vendor, model).Observe(_time.GetElapsedTime(exchange.StartTimestamp, firstByte).TotalSeconds);
        }

        var response = observer.Complete(upstreamReset ? StreamEnd.Reset : StreamEnd.Clean);
        ResponseVerdict? verdict = null;
        if (response is not null)
        {
            try
            {
                verdict = _evaluator.Evaluate(exchange.Request, response);
            }
            catch (Exception ex)
            {
                ReportFailure(vendor, ex);
            }
        }
        else if (observer.Failure is { } failure)
        {
            ReportFailure(vendor, failure);
        }

        if (verdict is null || response is null)
        {
            RecordShadowVendorResult(exchange, null);
            RecordUnverified(vendor, UnverifiedReasons.VerificationError, exchange.Activity);
            return;
        }

        RecordVerdict(vendor, model, stream, statusCode, verdict);
        RecordShadowVendorResult(exchange, verdict.K2vvFinishReason);
        ExchangeTags.SetVerdict(exchange.Activity, verdict);
        if (verdict.Findings.Count > 0 || (verdict.IsToolCallResponse && !verdict.IsSchemaValid))
        {
            _capture.TryEnqueue(new CaptureRecord(_time.GetUtcNow(), vendor, exchange.Request.Model, exchange.RequestBody, response, verdict));
        }

        if (statusCode >= 400)
        {
            RecordUnverified(vendor, UnverifiedReasons.UpstreamHttpError, exchange.Activity);
            return;
        }

        Interlocked.Increment(ref _recorded);
    }

    private void RecordVerdict(string vendor, string model, string stream, int statusCode, ResponseVerdict verdict)
    {
        foreach (var finding in verdict.Findings)
        {
            _metrics.ToolCallFindings.WithLabels(vendor, model, finding).Inc();
        }

        // An HTTP error response is an upstream failure, not a chat completion: it is counted
        // as unverified (and by its findings) but never in the completion or accuracy counters.
        if (statusCode >= 400)
        {
            return;
        }

        _metrics.ChatCompletions.WithLabels(vendor, model, stream, FinishReasonLabels.Resolve(verdict.FinishReason)).Inc();
        if (verdict.IsToolCallResponse)
        {
            _metrics.ToolCallResponses.WithLabels(vendor, model, verdict.IsSchemaValid ? "valid" : "invalid").Inc();
        }

        if (verdict.ToolCallCount > 0)
        {
            _metrics.ToolCalls.WithLabels(vendor, model).Inc(verdict.ToolCallCount);
        }

        if (verdict.Usage is { PromptTokens: >= 0, CompletionTokens: >= 0 } usage)
        {
            _metrics.Tokens.WithLabels(vendor, model, "prompt").Inc(usage.PromptTokens);
            _metrics.Tokens.WithLabels(vendor, model, "completion").Inc(usage.CompletionTokens);
        }
    }

    /// <summary>Hands the vendor's K2VV finish reason (null when the vendor request failed) to the shadow comparison.</summary>
    private void RecordShadowVendorResult(ChatExchange exchange, string? k2vvFinishReason)
    {
        if (exchange.ShadowRequestId is { } requestId)
        {
            _shadow.RecordVendorResult(requestId, k2vvFinishReason);
        }
    }

    /// <summary>Drops the shadow comparison of an exchange whose vendor response never ended.</summary>
    private void DropShadow(ChatExchange exchange)
    {
        if (exchange.ShadowRequestId is { } requestId)
        {
            _shadow.Abandon(requestId);
        }
    }

    private static bool IsClientDisconnect(ForwarderError error) => error is
        ForwarderError.RequestCanceled or
        ForwarderError.RequestBodyCanceled or
        ForwarderError.RequestBodyClient or
        ForwarderError.ResponseBodyCanceled or
        ForwarderError.ResponseBodyClient;
}
