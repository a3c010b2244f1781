using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace K2VV.Verification.Streaming;

/// <summary>
/// Push-style accumulator for one upstream chat-completion response: feed the body bytes in
/// whatever chunks they arrive, then complete it. Handles JSON bodies and SSE streams, gzip,
/// deflate and br encodings. Never throws on bad bytes; problems become part of the result.
/// </summary>
/// <remarks>Not thread-safe: one writer feeds one instance.</remarks>
public sealed class ResponseAccumulator : IDisposable
{
    private readonly int _statusCode;
    private readonly bool _requestedStream;
    private readonly AccumulatorLimits _limits;
    private readonly ContentDecoder? _decoder;
    private readonly string? _unverifiedReason;
    private readonly StreamAccumulation _stream;
    private readonly ReferenceStreamAccumulation _reference;
    private readonly SseEventFramer _framer;
    private ArrayBufferWriter<byte>? _body;
    private BodyFormat _format;
    private long _bodyLength;
    private bool _bodyTooLarge;
    private bool _sawDone;
    private bool _errorInStream;
    private int _malformedEvents;
    private string? _internalError;
    private AccumulatedResponse? _result;

    /// <summary>Creates an accumulator for a response with these headers.</summary>
    /// <param name="statusCode">The upstream HTTP status.</param>
    /// <param name="contentType">The <c>Content-Type</c> header, or null.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header, or null.</param>
    /// <param name="requestedStream">Whether the request asked for <c>stream: true</c>.</param>
    public ResponseAccumulator(int statusCode, string? contentType, string? contentEncoding, bool requestedStream)
        : this(statusCode, contentType, contentEncoding, requestedStream, AccumulatorLimits.Default)
    {
    }

    /// <summary>Creates an accumulator with explicit memory limits.</summary>
    public ResponseAccumulator(int statusCode, string? contentType, string? contentEncoding, bool requestedStream, AccumulatorLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _statusCode = statusCode;
        _requestedStream = requestedStream;
        _limits = limits;
        _stream = new StreamAccumulation(limits);
        _reference = new ReferenceStreamAccumulation(limits);
        _framer = new SseEventFramer(limits.MaxEventBytes, OnEvent);
        _format = FormatOf(contentType);
        _decoder = ContentDecoder.Create(contentEncoding, Consume, out var unsupported);
        if (unsupported)
        {
            _unverifiedReason = "content_encoding";
        }
    }

    /// <summary>Feeds the next bytes of the body, exactly as received on the wire.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_result is not null || _unverifiedReason is not null || _internalError is not null)
        {
            return;
        }

        try
        {
            if (_decoder is null)
            {
                Consume(chunk);
            }
            else
            {
                _decoder.Append(chunk);
            }
        }
#pragma warning disable CA1031 // Bad input must never break the traffic this observes.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _internalError = exception.GetType().Name;
        }
    }

    /// <summary>Ends the body and returns everything accumulated.</summary>
    public AccumulatedResponse Complete(StreamEnd end)
    {
        if (_result is not null)
        {
            return _result;
        }

        try
        {
            _result = Build(end);
        }
#pragma warning disable CA1031 // Bad input must never break the traffic this observes.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _internalError ??= exception.GetType().Name;
            _result = new AccumulatedResponse
            {
                StatusCode = _statusCode,
                End = end,
                UnverifiedReason = "internal_error",
                ReferenceFailure = "not verified",
            };
        }

        return _result;
    }

    /// <inheritdoc />
    public void Dispose() => _decoder?.Dispose();

    private static BodyFormat FormatOf(string? contentType)
    {
        if (contentType is null)
        {
            return BodyFormat.Unknown;
        }

        if (contentType.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return BodyFormat.EventStream;
        }

        return contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? BodyFormat.Json : BodyFormat.Unknown;
    }

    private void Consume(ReadOnlySpan<byte> bytes)
    {
        if (_format == BodyFormat.Unknown)
        {
            // Sniff the framing of an unlabelled body from its first non-whitespace byte.
            var start = bytes.IndexOfAnyExcept(" \t\r\n"u8);
            if (start < 0)
            {
                _bodyLength += bytes.Length;
                return;
            }

            _format = bytes[start] is (byte)'{' or (byte)'[' || !_requestedStream ? BodyFormat.Json : BodyFormat.EventStream;
        }

        _bodyLength += bytes.Length;
        if (_format == BodyFormat.EventStream)
        {
            _framer.Append(bytes);
            return;
        }

        _body ??= new ArrayBufferWriter<byte>(Math.Min(bytes.Length * 2 + 256, _limits.MaxBodyBytes));
        if (_bodyTooLarge || _body.WrittenCount + bytes.Length > _limits.MaxBodyBytes)
        {
            _bodyTooLarge = true;
            return;
        }

        _body.Write(bytes);
    }

    private void OnEvent(SseEvent sseEvent)
    {
        if (_sawDone)
        {
            // The reference's client stops reading at [DONE]; anything after it is ignored.
            return;
        }

        var data = sseEvent.Data.Span;
        if (data.StartsWith("[DONE]"u8))
        {
            _sawDone = true;
            return;
        }

        // JsonDocument does not validate the UTF-8 inside strings, and reading such a string throws later.
        JsonDocument document;
        try
        {
            document = Utf8.IsValid(data) ? JsonDocument.Parse(sseEvent.Data) : throw new JsonException("invalid UTF-8");
        }
        catch (JsonException)
        {
            OnMalformedEvent();
            return;
        }

        using (document)
        {
            try
            {
                ApplyEvent(document.RootElement, sseEvent.EventType);
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate such as "\ud800" parses, then cannot be read as a string.
                OnMalformedEvent();
            }
        }
    }

    private void OnMalformedEvent()
    {
        _malformedEvents++;
        _reference.Failure ??= "stream event data is not JSON";
    }

    private void ApplyEvent(JsonElement chunk, string? eventType)
    {
        var isDefaultEvent = eventType is null;
        if (JsonTruthiness.IsTruthy(JsonTruthiness.Get(chunk, "error"u8)))
        {
            _errorInStream = true;
            if (isDefaultEvent || eventType == "error")
            {
                _reference.Failure ??= "error event in stream";
            }

            return;
        }

        // The reference's client wraps named events ({"data":…, "event":…}), so their chunks
        // have no choices there; the correct view also takes the spec's default "message".
        if (isDefaultEvent)
        {
            _reference.Apply(chunk);
        }

        if (isDefaultEvent || eventType == "message")
        {
            _stream.Apply(chunk);
        }
    }

    private AccumulatedResponse Build(StreamEnd end)
    {
        var unverified = _unverifiedReason
            ?? (_internalError is not null ? "internal_error" : null)
            ?? (_decoder?.Error is not null ? "content_decoding" : null)
            ?? (_bodyTooLarge ? "body_too_large" : null);
        var isSuccess = _statusCode is >= 200 and < 300;
        var referenceFailure = !isSuccess ? $"HTTP status {_statusCode}"
            : end == StreamEnd.Reset ? "connection reset"
            : unverified is not null ? "not verified"
            : null;

        if (_format == BodyFormat.EventStream)
        {
            referenceFailure ??= !_requestedStream ? "stream body for a non-streaming request" : _reference.Failure;
            return new AccumulatedResponse
            {
                StatusCode = _statusCode,
                IsStream = true,
                End = end,
                Usage = _stream.Usage,
                Content = _stream.Content.ToStringOrNull(),
                ReasoningContent = _stream.Reasoning.ToStringOrNull(),
                ToolCalls = _stream.BuildToolCalls(),
                FinishReason = _stream.FinishReason,
                HasDoneMarker = _sawDone,
                ChunkCount = _stream.ChunkCount,
                BodyLength = _bodyLength,
                MalformedEventCount = _malformedEvents,
                HasErrorInStream = _errorInStream,
                ParallelCallsShareIndex = _stream.ParallelCallsShareIndex,
                IsCapped = _stream.IsCapped || _reference.IsCapped || _framer.OversizedEvents > 0,
                UnverifiedReason = unverified,
                ReferenceFailure = referenceFailure,
                ReferenceStream = referenceFailure is null ? _reference : null,
            };
        }

        return BuildFromJsonBody(end, unverified, referenceFailure);
    }

    private AccumulatedResponse BuildFromJsonBody(StreamEnd end, string? unverified, string? referenceFailure)
    {
        JsonElement? body = null;
        if (_body is { WrittenCount: > 0 } && unverified is null && Utf8.IsValid(_body.WrittenSpan))
        {
            try
            {
                using var document = JsonDocument.Parse(_body.WrittenMemory);
                body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                body = null;
            }
        }

        // A streaming request that gets a plain JSON body gives the reference's SSE decoder
        // no events, so it records an empty stream that finished with "stop".
        ReferenceStreamAccumulation? emptyStream = null;
        if (referenceFailure is null && _requestedStream)
        {
            emptyStream = _reference;
        }
        else if (referenceFailure is null && body is not { ValueKind: JsonValueKind.Object })
        {
            referenceFailure = "body is not a JSON object";
        }

        JsonBodyView? view = null;
        try
        {
            view = body is { ValueKind: JsonValueKind.Object } root ? JsonBodyView.Read(root) : null;
        }
        catch (InvalidOperationException)
        {
            // A string with an escaped lone surrogate cannot be read: the body counts as not JSON.
            body = null;
            referenceFailure ??= "body is not a JSON object";
            emptyStream = null;
        }

        return new AccumulatedResponse
        {
            StatusCode = _statusCode,
            IsStream = false,
            End = end,
            Usage = view?.Usage,
            Content = view?.Content,
            ReasoningContent = view?.ReasoningContent,
            ToolCalls = view?.ToolCalls ?? [],
            FinishReason = view?.FinishReason,
            IsJsonBody = body is not null,
            BodyLength = _bodyLength,
            HasErrorInBody = view?.HasError ?? false,
            IsCapped = _bodyTooLarge,
            UnverifiedReason = unverified,
            ReferenceFailure = referenceFailure,
            Body = emptyStream is null ? body : null,
            ReferenceStream = emptyStream,
        };
    }
}
