namespace K2VV.Proxy.Shadow;

/// <summary>
/// Lets one log line per key through per interval and counts the ones it holds back, so a
/// repeated event (a full queue, an official API that is down) cannot flood the log.
/// </summary>
/// <remarks>Keys must come from a bounded set (vendor names, fixed reasons), never from a client.</remarks>
internal sealed class LogThrottle
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, (long LastLogged, long Suppressed)> _state = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public LogThrottle(TimeProvider timeProvider, TimeSpan interval)
    {
        _timeProvider = timeProvider;
        _interval = interval;
    }

    /// <summary>Returns true when a line for <paramref name="key"/> may be written now, with the number held back since the last one.</summary>
    public bool TryAcquire(string key, out long suppressed)
    {
        var now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            if (_state.TryGetValue(key, out var entry) && _timeProvider.GetElapsedTime(entry.LastLogged, now) < _interval)
            {
                _state[key] = (entry.LastLogged, entry.Suppressed + 1);
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            _state[key] = (now, 0);
            return true;
        }
    }
}
