namespace K2VV.Proxy.Shadow;

/// <summary>
/// Fixed one-minute windows of at most a given number of shadow requests; 0 means no limit.
/// </summary>
/// <remarks>
/// Hand-written instead of System.Threading.RateLimiting's fixed-window limiter because that one
/// runs on its own timer and cannot follow a <see cref="TimeProvider"/>.
/// </remarks>
internal sealed class PerMinuteBudget
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly int _limit;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private long _windowStart;
    private int _used;

    public PerMinuteBudget(int limit, TimeProvider timeProvider)
    {
        _limit = limit;
        _timeProvider = timeProvider;
        _windowStart = timeProvider.GetTimestamp();
    }

    /// <summary>Takes one request from the current window; false when the window is spent.</summary>
    public bool TryTake()
    {
        if (_limit == 0)
        {
            return true;
        }

        var now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            if (_timeProvider.GetElapsedTime(_windowStart, now) >= Window)
            {
                _windowStart = now;
                _used = 0;
            }

            if (_used >= _limit)
            {
                return false;
            }

            _used++;
            return true;
        }
    }
}
