namespace K2VV.Verification.Streaming;

/// <summary>
/// Read-only stream over bytes pushed by the caller. A read with nothing buffered returns 0,
/// which the decompression streams of System.IO.Compression treat as "no input yet" and
/// retry on the next read, so one decompression stream can be fed chunk by chunk.
/// </summary>
internal sealed class PushInputStream : Stream
{
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Bytes pushed and not read yet.</summary>
    public int Available => _end - _start;

    /// <summary>Returns a buffered byte without consuming it.</summary>
    public byte PeekAt(int offset) => _buffer[_start + offset];

    public void Push(ReadOnlySpan<byte> bytes)
    {
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }

        if (_buffer.Length - _end < bytes.Length)
        {
            var pending = _end - _start;
            var grown = _buffer.Length >= pending + bytes.Length ? _buffer : new byte[Math.Max(_buffer.Length * 2, pending + bytes.Length)];
            Array.Copy(_buffer, _start, grown, 0, pending);
            _buffer = grown;
            _start = 0;
            _end = pending;
        }

        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(buffer);
        _start += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
