using System.Text;
using System.Threading.Channels;
using K2VV.Proxy.Hosting;
using K2VV.Proxy.Logging;
using K2VV.Proxy.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Capture;

/// <summary>
/// Appends failing responses to a size-bounded, rotated JSON Lines file from a background task.
/// The response path only enqueues; a full queue drops the record and counts it.
/// Off (every call a no-op) when <c>K2VV:Capture:Path</c> is not set.
/// </summary>
internal sealed class FailureCapture : BackgroundService
{
    private readonly CaptureOptions _options;
    private readonly ProxyMetrics _metrics;
    private readonly ILogger<FailureCapture> _logger;
    private readonly LogRateLimiter _logLimiter;
    private readonly Channel<CaptureRecord>? _queue;
    private long _dropped;
    private long _written;

    /// <summary>Creates the capture from <c>K2VV:Capture</c>.</summary>
    public FailureCapture(IOptions<ProxyOptions> options, ProxyMetrics metrics, TimeProvider time, ILogger<FailureCapture> logger)
    {
        _options = options.Value.Capture;
        _metrics = metrics;
        _logger = logger;
        _logLimiter = new LogRateLimiter(time, TimeSpan.FromMinutes(1));
        if (_options.Path is not null)
        {
            _queue = Channel.CreateBounded<CaptureRecord>(new BoundedChannelOptions(_options.QueueCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }
    }

    /// <summary>Records written to the file so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues <paramref name="record"/> for writing; drops and counts it when the queue is full.</summary>
    public void TryEnqueue(CaptureRecord record)
    {
        if (_queue is null || _queue.Writer.TryWrite(record))
        {
            return;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        _metrics.CaptureDropped.Inc();
        if (_logLimiter.TryAcquire("dropped"))
        {
            Log.CaptureDropped(_logger, dropped);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_queue is null || _options.Path is not { } path)
        {
            return;
        }

        Log.CaptureStarted(_logger, path, _options.MaxBytes, _options.MaxFiles, _options.Redact);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var record))
                {
                    Write(path, record);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown: write what is already queued, then stop.
            while (reader.TryRead(out var record))
            {
                Write(path, record);
            }
        }
    }

    private void Write(string path, CaptureRecord record)
    {
        try
        {
            var line = Encoding.UTF8.GetBytes(CaptureLine.Format(record, _options.Redact) + "\n");
            var file = new FileInfo(path);
            if (file.Exists && file.Length > 0 && file.Length + line.Length > _options.MaxBytes)
            {
                Rotate(path, file.Length);
            }

            using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                stream.Write(line);
            }

            Interlocked.Increment(ref _written);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (_logLimiter.TryAcquire("write"))
            {
                Log.CaptureWriteFailed(_logger, path, ex);
            }
        }
    }

    // PATH becomes PATH.1, PATH.1 becomes PATH.2, … and the file past MaxFiles is deleted.
    private void Rotate(string path, long length)
    {
        var keep = _options.MaxFiles;
        File.Delete($"{path}.{keep}");
        for (var index = keep - 1; index >= 1; index--)
        {
            var source = $"{path}.{index}";
            if (File.Exists(source))
            {
                File.Move(source, $"{path}.{index + 1}", overwrite: true);
            }
        }

        if (keep > 0)
        {
            File.Move(path, $"{path}.1", overwrite: true);
        }
        else
        {
            File.Delete(path);
        }

        Log.CaptureRotated(_logger, path, length);
    }
}
