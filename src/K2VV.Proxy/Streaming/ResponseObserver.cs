using K2VV.Verification.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace K2VV.Proxy.Streaming;

/// <summary>
/// Feeds the response bytes that a <see cref="ResponseTee"/> sent to the client into a
/// <see cref="ResponseAccumulator"/>, and notes when the first byte went out. A failure of the
/// accumulator is kept and stops accumulation, so it can never break the response.
/// </summary>
internal sealed class ResponseObserver : IDisposable
{
    private readonly HttpResponse _response;
    private readonly bool _requestedStream;
    private readonly TimeProvider _time;
    private ResponseAccumulator? _accumulator;

    /// <summary>Creates an observer for <paramref name="response"/>, whose request asked for <paramref name="requestedStream"/>.</summary>
    public ResponseObserver(HttpResponse response, bool requestedStream, TimeProvider time)
    {
        _response = response;
        _requestedStream = requestedStream;
        _time = time;
    }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the first body write, or null before it.</summary>
    public long? FirstByteTimestamp { get; private set; }

    /// <summary>Body bytes seen so far.</summary>
    public long BytesObserved { get; private set; }

    /// <summary>The exception the accumulator threw, if any; accumulation stopped there.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Accumulates <paramref name="chunk"/>, which was just written to the client.</summary>
    public void Observe(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        FirstByteTimestamp ??= _time.GetTimestamp();
        BytesObserved += chunk.Length;
        if (Failure is not null)
        {
            return;
        }

        try
        {
            EnsureAccumulator().Append(chunk);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Ends the body and returns the accumulated response, or null when accumulation failed.</summary>
    public AccumulatedResponse? Complete(StreamEnd end)
    {
        if (Failure is not null)
        {
            return null;
        }

        try
        {
            return EnsureAccumulator().Complete(end);
        }
        catch (Exception ex)
        {
            Fail(ex);
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _accumulator?.Dispose();
        _accumulator = null;
    }

    // The headers are final once the first body byte is written, so the accumulator is created
    // lazily from them (or at completion when the body is empty).
    private ResponseAccumulator EnsureAccumulator() =>
        _accumulator ??= new ResponseAccumulator(
            _response.StatusCode,
            _response.Headers[HeaderNames.ContentType].ToString() is { Length: > 0 } type ? type : null,
            _response.Headers[HeaderNames.ContentEncoding].ToString() is { Length: > 0 } encoding ? encoding : null,
            _requestedStream);

    private void Fail(Exception ex)
    {
        Failure = ex;
        Dispose();
    }
}
