using System.Collections.Concurrent;

namespace K2VV.Proxy.Logging;

/// <summary>Lets one log line per key through per interval, so repeated events are logged at a lower level.</summary>
internal sealed class LogRateLimiter
{
    private readonly ConcurrentDictionary<string, long> _lastAllowed = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    /// <summary>Creates a limiter that allows one line per key every <paramref name="interval"/>.</summary>
    public LogRateLimiter(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _interval = interval;
    }

    /// <summary>Returns true when a line for <paramref name="key"/> may be logged at the normal level now.</summary>
    public bool TryAcquire(string key)
    {
        var now = _time.GetTimestamp();
        while (true)
        {
            if (!_lastAllowed.TryGetValue(key, out var last))
            {
                if (_lastAllowed.TryAdd(key, now))
                {
                    return true;
                }

                continue;
            }

            if (_time.GetElapsedTime(last, now) < _interval)
            {
                return false;
            }

            if (_lastAllowed.TryUpdate(key, now, last))
            {
                return true;
            }
        }
    }
}
