using System.Text;
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
    private readonly StreamWriter writer;
    private readonly Task pump;

    /// <summary>Opens <paramref name="path"/> for appending, or truncates it first when <paramref name="truncate"/> is set.</summary>
    public ResultFileWriter(string path, bool truncate)
    {
        var stream = new FileStream(path, truncate ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
        writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
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
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpAsync()
    {
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var result))
            {
                await writer.WriteAsync(result.ToJsonObject().ToJsonString(ResultJson.Options)).ConfigureAwait(false);
                await writer.WriteAsync('\n').ConfigureAwait(false);
            }

            await writer.FlushAsync().ConfigureAwait(false);
        }
    }
}
