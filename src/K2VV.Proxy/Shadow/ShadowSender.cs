using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Shadow;

/// <summary>
/// Background service that sends queued shadow requests to the official API, at most
/// <see cref="ShadowOptions.MaxConcurrency"/> at a time, and hands each result to the joiner.
/// </summary>
internal sealed class ShadowSender : BackgroundService
{
    private readonly ShadowQueue _queue;
    private readonly ShadowCaller _caller;
    private readonly ShadowJoiner _joiner;
    private readonly ShadowOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ShadowSender(ShadowQueue queue, ShadowCaller caller, ShadowJoiner joiner, IOptions<ShadowOptions> options, TimeProvider timeProvider, ILogger<ShadowSender> logger)
    {
        _timeProvider = timeProvider;
        _queue = queue;
        _caller = caller;
        _joiner = joiner;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            ShadowLog.Disabled(_logger);
            return;
        }

        ShadowLog.Started(_logger, _options.SampleRate, _options.UpstreamBaseUrl, _options.MaxConcurrency, _options.QueueCapacity);

        using var slots = new SemaphoreSlim(_options.MaxConcurrency);
        var inFlight = new HashSet<Task>();
        var abandoned = 0;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (_queue.Reader.TryPeek(out _))
                {
                    await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                    if (!_queue.Reader.TryRead(out var shadow))
                    {
                        slots.Release();
                        break;
                    }

                    inFlight.RemoveWhere(task => task.IsCompleted);
                    inFlight.Add(SendOneAsync(shadow, slots, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; what is still queued is dropped below.
        }

        while (_queue.Reader.TryRead(out var queued))
        {
            _joiner.Abandon(queued.RequestId);
            abandoned++;
        }

        abandoned += inFlight.Count(task => !task.IsCompleted);
        await Task.WhenAll(inFlight).ConfigureAwait(false);
        ShadowLog.Stopped(_logger, abandoned);
    }

    private async Task SendOneAsync(ShadowRequest shadow, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            // Leave the read loop at once: the request runs on the thread pool.
            await Task.Yield();
            var result = await _caller.SendAsync(shadow, stoppingToken).ConfigureAwait(false);
            _joiner.RecordOfficialResult(shadow.RequestId, result);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            _joiner.Abandon(shadow.RequestId);
        }
        catch (Exception exception)
        {
            // ShadowCaller turns failures into results, so this is a defect; never let it end the loop.
            ShadowLog.UnexpectedError(_logger, shadow.RequestId, shadow.Vendor, exception);
            _joiner.RecordOfficialResult(shadow.RequestId, new OfficialResult(null, null, exception.GetType().Name, null, _timeProvider.GetUtcNow()));
        }
        finally
        {
            slots.Release();
        }
    }
}
