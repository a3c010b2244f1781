using System.Buffers;

namespace K2VV.Verification.Streaming;

/// <summary>
/// Incremental server-sent-events framer: takes body bytes in arbitrary chunks and hands each
/// complete event to a callback, with lines ending in CR, LF or CRLF split anywhere.
/// </summary>
/// <remarks>
/// NOTE: System.Net.ServerSentEvents.SseParser is pull-based (it reads a Stream), so feeding it
/// from a push-style <c>Append</c> needs a Pipe plus a reader task per response. That task would
/// either buffer without bound when it lags or block <c>Append</c> on the proxy's response path,
/// and <c>Complete</c> would have to wait on it synchronously. This framer runs inline instead.
/// It dispatches the way openai-python's decoder does (the client the reference uses): a block
/// with an <c>event</c> or <c>id</c> field but no <c>data</c> is still an event, and a pending
/// event without its closing blank line is dropped at the end of the body.
/// </remarks>
internal sealed class SseEventFramer
{
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private readonly ArrayBufferWriter<byte> _data = new(1024);
    private readonly int _maxEventBytes;
    private readonly Action<SseEvent> _onEvent;
    private bool _skipLineFeed;
    private bool _lineOverflow;
    private bool _hasData;
    private bool _hasFields;
    private bool _eventOverflow;
    private string? _eventType;

    public SseEventFramer(int maxEventBytes, Action<SseEvent> onEvent)
    {
        _maxEventBytes = maxEventBytes;
        _onEvent = onEvent;
    }

    /// <summary>Events dropped because a line or an event exceeded the size limit.</summary>
    public int OversizedEvents { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (chunk[0] == (byte)'\n')
                {
                    chunk = chunk[1..];
                    continue;
                }
            }

            var end = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                BufferLine(chunk);
                return;
            }

            BufferLine(chunk[..end]);
            _skipLineFeed = chunk[end] == (byte)'\r';
            chunk = chunk[(end + 1)..];
            ProcessLine();
        }
    }

    private void BufferLine(ReadOnlySpan<byte> bytes)
    {
        if (_lineOverflow || _line.WrittenCount + bytes.Length > _maxEventBytes)
        {
            _lineOverflow = true;
            return;
        }

        _line.Write(bytes);
    }

    private void ProcessLine()
    {
        var line = _line.WrittenSpan;
        var overflow = _lineOverflow;
        try
        {
            if (overflow)
            {
                // The line was cut: the event it belongs to is dropped at its end.
                _eventOverflow = true;
                _hasFields = true;
                return;
            }

            if (line.IsEmpty)
            {
                Dispatch();
                return;
            }

            if (line[0] == (byte)':')
            {
                return;
            }

            var colon = line.IndexOf((byte)':');
            var name = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? [] : line[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }

            if (name.SequenceEqual("data"u8))
            {
                AppendData(value);
            }
            else if (name.SequenceEqual("event"u8))
            {
                _eventType = System.Text.Encoding.UTF8.GetString(value);
                _hasFields = true;
            }
            else if (name.SequenceEqual("id"u8) || name.SequenceEqual("retry"u8))
            {
                _hasFields = true;
            }
        }
        finally
        {
            _line.ResetWrittenCount();
            _lineOverflow = false;
        }
    }

    private void AppendData(ReadOnlySpan<byte> value)
    {
        var extra = value.Length + (_hasData ? 1 : 0);
        if (_eventOverflow || _data.WrittenCount + extra > _maxEventBytes)
        {
            _eventOverflow = true;
            _hasFields = true;
            return;
        }

        if (_hasData)
        {
            _data.Write("\n"u8);
        }

        _data.Write(value);
        _hasData = true;
        _hasFields = true;
    }

    private void Dispatch()
    {
        if (!_hasFields)
        {
            return;
        }

        if (_eventOverflow)
        {
            OversizedEvents++;
        }
        else
        {
            _onEvent(new SseEvent(_eventType, _data.WrittenMemory));
        }

        _data.ResetWrittenCount();
        _hasData = false;
        _hasFields = false;
        _eventOverflow = false;
        _eventType = null;
    }
}
