using System.Diagnostics;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>The wall time and the bytes allocated on the calling thread by one action.</summary>
internal readonly record struct Measured(TimeSpan Elapsed, long AllocatedBytes)
{
    /// <summary>Runs <paramref name="action"/> on the calling thread and measures it.</summary>
    public static Measured Run(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        return new Measured(watch.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    public double Megabytes => AllocatedBytes / (1024.0 * 1024.0);

    public override string ToString() => $"{Elapsed.TotalMilliseconds:F0} ms, {Megabytes:F2} MB allocated";
}
