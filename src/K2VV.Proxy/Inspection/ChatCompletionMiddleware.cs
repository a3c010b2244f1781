using System.Buffers;
using System.Diagnostics;
using K2VV.Proxy.Hosting;
using K2VV.Proxy.Logging;
using K2VV.Proxy.Metrics;
using K2VV.Proxy.Recording;
using K2VV.Proxy.Shadow;
using K2VV.Proxy.Streaming;
using K2VV.Proxy.Tracing;
using K2VV.Verification.Requests;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace K2VV.Proxy.Inspection;

/// <summary>
/// Runs in the YARP pipeline in front of the forwarder. For <c>POST …/chat/completions</c> it
/// reads and inspects the request (rewriting historical tool-call ids), then tees the response
/// body into an accumulator while it streams to the client, and records the verdict once the
/// response has been sent. Every other request passes straight through.
/// </summary>
internal sealed class ChatCompletionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ProxyOptions _options;
    private readonly ExchangeRecorder _recorder;
    private readonly ShadowQueue _shadow;
    private readonly TimeProvider _time;
    private readonly ILogger<ChatCompletionMiddleware> _logger;

    /// <summary>Creates the middleware.</summary>
    public ChatCompletionMiddleware(
        RequestDelegate next,
        IOptions<ProxyOptions> options,
        ExchangeRecorder recorder,
        ShadowQueue shadow,
        TimeProvider time,
        ILogger<ChatCompletionMiddleware> logger)
    {
        _next = next;
        _options = options.Value;
        _recorder = recorder;
        _shadow = shadow;
        _time = time;
        _logger = logger;
    }

    /// <summary>Handles one proxied request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsChatCompletion(context.Request))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        var vendor = context.GetReverseProxyFeature().Cluster?.Config.ClusterId ?? "unknown";
        var activity = Activity.Current;

        // 1. Read the body within the limit into a pooled array; a larger body is forwarded as it is.
        //    A captured body outlives the exchange in the capture queue, so its arrays are never returned.
        var pooled = new PooledRequestBody(ArrayPool<byte>.Shared, returnArrays: _options.Capture.Path is null);
        ReadOnlyMemory<byte>? body;
        try
        {
            body = await RequestBodyReader.ReadAsync(context.Request, _options.MaxRequestBodyBytes, pooled.Pool, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionResetException || context.RequestAborted.IsCancellationRequested)
        {
            // A malformed body (BadHttpRequestException) is not caught: Kestrel responds to it with 400.
            Log.ClientDisconnected(_logger, vendor, "request body");
            _recorder.RecordUnverified(vendor, UnverifiedReasons.ClientDisconnected, activity);
            return;
        }

        if (body is not { } original)
        {
            _recorder.RecordUnverified(vendor, UnverifiedReasons.RequestTooLarge, activity);
            await _next(context).ConfigureAwait(false);
            return;
        }

        pooled.OwnOriginal(original);
        context.Response.OnCompleted(static state =>
        {
            ((PooledRequestBody)state).Return();
            return Task.CompletedTask;
        }, pooled);

        // 2. Parse and rewrite; anything unreadable is forwarded unchanged.
        var inspection = Inspect(vendor, original, pooled.Pool);
        if (inspection?.Request is not { } request)
        {
            pooled.Forward(context.Request, original);
            var reason = inspection is null ? UnverifiedReasons.VerificationError : UnverifiedReasons.RequestNotJson;
            _recorder.RecordUnverified(vendor, reason, activity);
            await _next(context).ConfigureAwait(false);
            return;
        }

        if (inspection.RewrittenBody is { } rewritten)
        {
            pooled.OwnRewritten(rewritten);
        }

        var forwarded = inspection.RewrittenBody ?? original;
        pooled.Forward(context.Request, forwarded);
        _recorder.RecordRewrites(vendor, inspection.Rewrite.Changed);
        ExchangeTags.SetRequest(activity, vendor, request.Model, request.Stream, inspection.Rewrite.Changed);
        var shadowRequestId = _shadow.TryEnqueue(context.TraceIdentifier, vendor, request, forwarded.Span, context.Request.Headers)
            ? context.TraceIdentifier
            : null;

        // 3. Forward with the response body teed into the accumulator.
        var observer = new ResponseObserver(context.Response, request.Stream, _time);
        var exchange = new ChatExchange(
            vendor,
            request,
            _options.Capture.Path is null ? null : forwarded,
            inspection.Rewrite,
            _time.GetTimestamp(),
            activity,
            observer,
            shadowRequestId);
        var originalBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        var tee = new ResponseTee(originalBody, observer);
        context.Features.Set<IHttpResponseBodyFeature>(tee);
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(originalBody);

            // 4. Verify after the last byte has gone out: OnCompleted runs once the response is
            //    complete, and still inside the request's activity so the trace gets the tags.
            var end = _time.GetTimestamp();
            var error = context.Features.Get<IForwarderErrorFeature>()?.Error ?? ForwarderError.None;
            var status = context.Response.StatusCode;
            context.Response.OnCompleted(() =>
            {
                _recorder.RecordExchange(exchange, error, status, end);
                return Task.CompletedTask;
            });
        }
    }

    private RequestInspection? Inspect(string vendor, ReadOnlyMemory<byte> body, ArrayPool<byte> pool)
    {
        try
        {
            return RequestInspector.Inspect(body, _options.ToolIdRewriteMode, pool);
        }
        catch (Exception ex)
        {
            // The inspector does not throw on bad input; this guards the traffic against a bug.
            _recorder.ReportFailure(vendor, ex);
            return null;
        }
    }

    private static bool IsChatCompletion(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.Value is { } path
        && path.TrimEnd('/').EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase);
}
