using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Requests;
using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;
using Polly.Timeout;

namespace K2VV.Proxy.Replay;

/// <summary>
/// Sends one prepared request, streams the body through the accumulator and computes the verdict.
/// Every failure becomes a failed outcome; only cancellation of the run is thrown.
/// </summary>
internal sealed class ReplaySender(HttpClient client, ReplayOptions options, VerdictEvaluator evaluator, TimeProvider time)
{
    private const int ErrorBodyLimit = 2048;

    private readonly Uri endpoint = new(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");

    /// <summary>Sends <paramref name="prepared"/> and returns its outcome.</summary>
    public async Task<LineOutcome> SendAsync(PreparedRequest prepared, CancellationToken cancellationToken)
    {
        // NOTE: the verdict reads the tools of the sent body, while the reference reads those of the
        // input line, so the two differ only when --extra-body replaces "tools".
        var inspection = RequestInspector.Inspect(prepared.Body, options.ToolIdRewrite);
        var body = inspection.RewrittenBody ?? prepared.Body;
        var started = time.GetTimestamp();

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var ttftMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
            return await ReadAsync(prepared, inspection.Request, response, ttftMs, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException)
        {
            return Failure("Request timed out.");
        }
        catch (HttpRequestException exception)
        {
            return Failure($"Connection error: {exception.Message}");
        }
    }

    private async Task<LineOutcome> ReadAsync(PreparedRequest prepared, ChatRequest? chatRequest, HttpResponseMessage response, long ttftMs, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType?.ToString();
        var contentEncoding = response.Content.Headers.ContentEncoding.Count == 0 ? null : string.Join(", ", response.Content.Headers.ContentEncoding);
        var successStatus = status is >= 200 and < 300;

        using var accumulator = new ResponseAccumulator(status, contentType, contentEncoding, prepared.Stream);
        var errorBody = successStatus ? null : new ArrayBufferWriter<byte>(ErrorBodyLimit);
        var (end, readError) = await PumpAsync(response, accumulator, errorBody, cancellationToken).ConfigureAwait(false);
        var accumulated = accumulator.Complete(end);

        var verdict = chatRequest is null ? null : evaluator.Evaluate(chatRequest, accumulated);
        var usage = accumulated.Usage ?? verdict?.Usage;

        if (!successStatus)
        {
            var text = Encoding.UTF8.GetString(errorBody!.WrittenSpan);
            return Failure($"Error code: {status} - {text}", verdict?.Findings, usage, ttftMs);
        }

        if (readError is not null)
        {
            return Failure(readError, verdict?.Findings, usage, ttftMs);
        }

        if (accumulated.ToK2vvResponse(prepared.Model) is not { } k2vvResponse)
        {
            var reasons = verdict is { Findings.Count: > 0 } ? string.Join(", ", verdict.Findings) : "unreadable response";
            return Failure($"The response could not be used: {reasons}.", verdict?.Findings, usage, ttftMs);
        }

        return new LineOutcome(
            Succeeded: true,
            Response: k2vvResponse,
            FinishReason: ReadFinishReason(k2vvResponse),
            ToolCallsValid: verdict?.ToolCallsValid,
            Findings: verdict?.Findings,
            Usage: usage,
            TtftMs: ttftMs);
    }

    private async Task<(StreamEnd End, string? Error)> PumpAsync(HttpResponseMessage response, ResponseAccumulator accumulator, ArrayBufferWriter<byte>? errorBody, CancellationToken cancellationToken)
    {
        // The timeout is per read, like the read timeout of the reference's HTTP client, so a
        // slow but live stream is never cut.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                while (true)
                {
                    idle.CancelAfter(options.Timeout);
                    var read = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return (StreamEnd.Clean, null);
                    }

                    accumulator.Append(buffer.AsSpan(0, read));
                    if (errorBody is not null && errorBody.WrittenCount < ErrorBodyLimit)
                    {
                        var take = Math.Min(read, ErrorBodyLimit - errorBody.WrittenCount);
                        errorBody.Write(buffer.AsSpan(0, take));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (StreamEnd.Reset, "Request timed out while reading the response body.");
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            return (StreamEnd.Reset, $"Connection error while reading the response body: {exception.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? ReadFinishReason(JsonObject response)
    {
        if (response["choices"] is not JsonArray { Count: > 0 } choices || choices[0] is not JsonObject choice)
        {
            return null;
        }

        return choice["finish_reason"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
    }

    private static LineOutcome Failure(string error, IReadOnlyList<string>? findings = null, TokenUsage? usage = null, long? ttftMs = null) =>
        new(false, new JsonObject { ["error"] = error }, null, null, findings, usage, ttftMs);
}
