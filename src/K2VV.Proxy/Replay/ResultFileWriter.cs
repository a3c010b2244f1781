using System.Buffers;
using System.Threading.Channels;
using K2VV.Verification.Results;

namespace K2VV.Proxy.Replay;

/// <summary>
/// Appends results to the output file from one background writer, flushing whenever it has
/// caught up, so an interrupted run keeps every finished line.
/// </summary>
internal sealed class ResultFileWriter : IAsyncDisposable
{
    private readonly Channel<K2vvResult> channel = Channel.CreateUnbounded<K2vvResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FileStream stream;
    private readonly Task pump;

    /// <summary>Opens <paramref name="path"/> for appending, or truncates it first when <paramref name="truncate"/> is set.</summary>
    public ResultFileWriter(string path, bool truncate)
    {
        // A run killed mid-write can leave a last line without its line feed; end it first, so the
        // next result does not merge into it.
        var endsWithoutNewline = !truncate && EndsWithoutNewline(path);
        stream = new FileStream(path, truncate ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
        if (endsWithoutNewline)
        {
            stream.WriteByte((byte)'\n');
        }

        pump = Task.Run(PumpAsync);
    }

    /// <summary>Queues one result; never blocks.</summary>
    public void Write(K2vvResult result)
    {
        if (!channel.Writer.TryWrite(result))
        {
            throw new InvalidOperationException("The results writer is already closed.");
        }
    }

    /// <summary>Writes everything queued, flushes and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        try
        {
            await pump.ConfigureAwait(false);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool EndsWithoutNewline(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var existing = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (existing.Length == 0)
        {
            return false;
        }

        existing.Seek(-1, SeekOrigin.End);
        return existing.ReadByte() != '\n';
    }

    private async Task PumpAsync()
    {
        var reader = channel.Reader;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var result))
            {
                ResultJson.WriteLine(stream, result, buffer);
            }

            await stream.FlushAsync().ConfigureAwait(false);
        }
    }
}
