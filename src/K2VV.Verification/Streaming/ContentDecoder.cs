using System.IO.Compression;

namespace K2VV.Verification.Streaming;

/// <summary>
/// Inflates a copy of a gzip, deflate or br body incrementally, chunk by chunk, and passes the
/// decoded bytes on. Bad compressed data stops decoding and is recorded, never thrown.
/// </summary>
internal sealed class ContentDecoder : IDisposable
{
    private readonly string _encoding;
    private readonly Action<ReadOnlySpan<byte>> _output;
    private readonly PushInputStream _input = new();
    private readonly byte[] _outputBuffer = new byte[16384];
    private Stream? _decompressor;

    private ContentDecoder(string encoding, Action<ReadOnlySpan<byte>> output)
    {
        _encoding = encoding;
        _output = output;
    }

    /// <summary>Why decoding stopped, or null while it works.</summary>
    public string? Error { get; private set; }

    /// <summary>Creates a decoder for <paramref name="contentEncoding"/>, or returns null when the body is not encoded.</summary>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header value.</param>
    /// <param name="output">Receives the decoded bytes.</param>
    /// <param name="unsupported">True when the encoding is one this decoder cannot read.</param>
    public static ContentDecoder? Create(string? contentEncoding, Action<ReadOnlySpan<byte>> output, out bool unsupported)
    {
        unsupported = false;
        var encoding = contentEncoding?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(encoding) || encoding == "identity")
        {
            return null;
        }

        if (encoding is "gzip" or "x-gzip" or "deflate" or "br")
        {
            return new ContentDecoder(encoding, output);
        }

        unsupported = true;
        return null;
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (Error is not null || chunk.IsEmpty)
        {
            return;
        }

        _input.Push(chunk);
        Drain();
    }

    private void Drain()
    {
        try
        {
            _decompressor ??= CreateDecompressor();
            if (_decompressor is null)
            {
                return;
            }

            int read;
            while ((read = _decompressor.Read(_outputBuffer, 0, _outputBuffer.Length)) > 0)
            {
                _output(_outputBuffer.AsSpan(0, read));
            }
        }
        catch (InvalidDataException exception)
        {
            Error = $"invalid {_encoding} data: {exception.Message}";
        }
        catch (IOException exception)
        {
            Error = $"invalid {_encoding} data: {exception.Message}";
        }
    }

    private Stream? CreateDecompressor()
    {
        if (_encoding != "deflate")
        {
            return _encoding == "br"
                ? new BrotliStream(_input, CompressionMode.Decompress, leaveOpen: true)
                : new GZipStream(_input, CompressionMode.Decompress, leaveOpen: true);
        }

        // "deflate" is meant to be zlib-wrapped, but servers also send raw deflate. A zlib
        // header has CM=8 in the low nibble of its first byte and passes the FCHECK test.
        if (_input.Available < 2)
        {
            return null;
        }

        var first = _input.PeekAt(0);
        var second = _input.PeekAt(1);
        var isZlib = (first & 0x0F) == 8 && ((first << 8) | second) % 31 == 0;
        return isZlib
            ? new ZLibStream(_input, CompressionMode.Decompress, leaveOpen: true)
            : new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
    }

    public void Dispose() => _decompressor?.Dispose();
}
