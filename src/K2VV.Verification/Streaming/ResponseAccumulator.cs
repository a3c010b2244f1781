namespace K2VV.Verification.Streaming;

/// <summary>
/// Push-style accumulator for one upstream chat-completion response: feed the body bytes in
/// whatever chunks they arrive, then complete it. Handles JSON bodies and SSE streams, gzip,
/// deflate and br encodings. Never throws on bad bytes; problems become part of the result.
/// </summary>
/// <remarks>Not thread-safe: one writer feeds one instance.</remarks>
public sealed class ResponseAccumulator : IDisposable
{
    /// <summary>Creates an accumulator for a response with these headers.</summary>
    /// <param name="statusCode">The upstream HTTP status.</param>
    /// <param name="contentType">The <c>Content-Type</c> header, or null.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header, or null.</param>
    /// <param name="requestedStream">Whether the request asked for <c>stream: true</c>.</param>
    public ResponseAccumulator(int statusCode, string? contentType, string? contentEncoding, bool requestedStream)
    {
        _ = statusCode;
        _ = contentType;
        _ = contentEncoding;
        _ = requestedStream;
    }

    /// <summary>Feeds the next bytes of the body, exactly as received on the wire.</summary>
    public void Append(ReadOnlySpan<byte> chunk) => throw new NotImplementedException();

    /// <summary>Ends the body and returns everything accumulated.</summary>
    public AccumulatedResponse Complete(StreamEnd end) => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
