using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Shadow;

/// <summary>
/// Sends one shadow request to the official API and turns its response into a K2VV finish reason,
/// with the same accumulation and verdict code as the vendor's response.
/// </summary>
internal sealed class ShadowCaller
{
    /// <summary>Name of the HttpClient that carries the official API key.</summary>
    public const string HttpClientName = "K2VV.Shadow";

    private const int ReadBufferSize = 16 * 1024;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly VerdictEvaluator _evaluator;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LogThrottle _throttle;
    private readonly TimeSpan _requestTimeout;
    private readonly Uri _chatCompletionsUri;

    public ShadowCaller(
        IHttpClientFactory httpClientFactory,
        VerdictEvaluator evaluator,
        IOptions<ShadowOptions> options,
        TimeProvider timeProvider,
        ILogger<ShadowCaller> logger)
    {
        _httpClientFactory = httpClientFactory;
        _evaluator = evaluator;
        _timeProvider = timeProvider;
        _logger = logger;
        _throttle = new LogThrottle(timeProvider, TimeSpan.FromSeconds(10));
        _requestTimeout = options.Value.RequestTimeout;
        _chatCompletionsUri = ChatCompletionsUri(options.Value.UpstreamBaseUrl);
    }

    /// <summary>Returns <c>{base}/chat/completions</c>, whether or not the base URL ends with a slash.</summary>
    public static Uri ChatCompletionsUri(Uri baseUrl) =>
        new(baseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");

    /// <summary>
    /// Sends <paramref name="shadow"/> and reads the whole response. Failures become a result with a
    /// null finish reason, except after <paramref name="stoppingToken"/> is cancelled: then the
    /// exception that ended the request is rethrown.
    /// </summary>
    public async Task<OfficialResult> SendAsync(ShadowRequest shadow, CancellationToken stoppingToken)
    {
        var span = StartSpan(shadow);
        using var timeout = new CancellationTokenSource(_requestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);

        int? statusCode = null;
        string? finishReason = null;
        string? error = null;
        try
        {
            (statusCode, finishReason) = await SendAndEvaluateAsync(shadow, linked.Token).ConfigureAwait(false);
            if (statusCode is < 200 or > 299)
            {
                // The reference's OpenAI client raises on an error status, so K2VV records a failure.
                finishReason = null;
                error = "HTTP error status";
            }
            else if (finishReason is null)
            {
                error = "the response has no finish reason";
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Cancellation can surface as an IOException from the response stream, too.
            span?.SetStatus(ActivityStatusCode.Error, "canceled");
            span?.Stop();
            throw;
        }
        catch (Exception) when (timeout.IsCancellationRequested)
        {
            error = $"timed out after {_requestTimeout}";
        }
        catch (HttpRequestException exception)
        {
            error = "request failed: " + exception.Message;
        }
        catch (JsonException exception)
        {
            error = "the forwarded body could not be rewritten: " + exception.Message;
        }
        catch (Exception exception)
        {
            // A defect in accumulation or evaluation must not stop the sender: count it as failed.
            ShadowLog.UnexpectedError(_logger, shadow.RequestId, shadow.Vendor, exception);
            error = "unexpected " + exception.GetType().Name;
        }

        span?.SetTag(ShadowTelemetry.ShadowFinishReasonTag, finishReason);
        if (error is not null)
        {
            span?.SetStatus(ActivityStatusCode.Error, error);
            if (_throttle.TryAcquire("failed:" + shadow.Vendor, out var suppressed))
            {
                ShadowLog.RequestFailed(_logger, shadow.RequestId, shadow.Vendor, error, statusCode, suppressed);
            }
        }

        return new OfficialResult(finishReason, statusCode, error, span, _timeProvider.GetUtcNow());
    }

    private async Task<(int StatusCode, string? FinishReason)> SendAndEvaluateAsync(ShadowRequest shadow, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _chatCompletionsUri)
        {
            Content = new ReadOnlyMemoryContent(ShadowBody.Build(shadow.Body, shadow.OfficialModel)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(shadow.ContentType, out var contentType)
            ? contentType
            : new MediaTypeHeaderValue("application/json");
        if (shadow.Accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", shadow.Accept);
        }

        var client = _httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

        var statusCode = (int)response.StatusCode;
        var contentEncoding = response.Content.Headers.ContentEncoding.Count == 0
            ? null
            : string.Join(", ", response.Content.Headers.ContentEncoding);
        using var accumulator = new ResponseAccumulator(
            statusCode,
            response.Content.Headers.ContentType?.ToString(),
            contentEncoding,
            shadow.Request.Stream);

        var end = await CopyBodyAsync(response, accumulator, cancellationToken).ConfigureAwait(false);
        var verdict = _evaluator.Evaluate(shadow.Request, accumulator.Complete(end));
        return (statusCode, verdict.K2vvFinishReason);
    }

    private static async Task<StreamEnd> CopyBodyAsync(HttpResponseMessage response, ResponseAccumulator accumulator, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    accumulator.Append(buffer.AsSpan(0, read));
                }
            }

            return StreamEnd.Clean;
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // A connection reset mid-body: the accumulator decides what K2VV would record.
            return StreamEnd.Reset;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Activity? StartSpan(ShadowRequest shadow)
    {
        // The shadow call is its own trace, linked to the client request it copies, because it
        // usually outlives that request.
        var previous = Activity.Current;
        Activity.Current = null;
        ActivityLink[]? links = shadow.ClientActivity == default ? null : [new ActivityLink(shadow.ClientActivity)];
        var span = ShadowTelemetry.Source.StartActivity(ShadowTelemetry.ShadowCallSpanName, ActivityKind.Client, default(ActivityContext), links: links);
        span?.SetTag(ShadowTelemetry.VendorTag, shadow.Vendor);
        if (span is null)
        {
            Activity.Current = previous;
        }

        return span;
    }
}
