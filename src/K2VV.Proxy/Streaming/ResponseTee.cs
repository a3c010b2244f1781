using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace K2VV.Proxy.Streaming;

/// <summary>
/// Response body that passes every write to the client's body unchanged and then shows the
/// same bytes to a <see cref="ResponseObserver"/>. Nothing is buffered or held back: each write
/// and each flush reaches the inner feature exactly as the forwarder issued it.
/// </summary>
/// <remarks>
/// Installed as the <see cref="IHttpResponseBodyFeature"/> for one request and removed again in
/// a <c>finally</c> block by the middleware that installed it.
/// </remarks>
internal sealed class ResponseTee : Stream, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private readonly ResponseObserver _observer;
    private PipeWriter? _pipeWriter;

    /// <summary>Creates a tee in front of <paramref name="inner"/>.</summary>
    public ResponseTee(IHttpResponseBodyFeature inner, ResponseObserver observer)
    {
        _inner = inner;
        _observer = observer;
    }

    /// <inheritdoc />
    public Stream Stream => this;

    /// <inheritdoc />
    public PipeWriter Writer => _pipeWriter ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public void DisableBuffering() => _inner.DisableBuffering();

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    /// <inheritdoc />
    public async Task CompleteAsync()
    {
        if (_pipeWriter is not null)
        {
            await _pipeWriter.CompleteAsync().ConfigureAwait(false);
        }

        await _inner.CompleteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Stream.Write(buffer);
        _observer.Observe(buffer);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _inner.Stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _observer.Observe(buffer.Span);
    }

    /// <inheritdoc />
    public override void Flush() => _inner.Stream.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.Stream.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
