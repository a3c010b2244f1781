using System.Diagnostics;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>A reading of this process's open file descriptors, threads and memory, taken after a full GC.</summary>
public sealed record ProcessResources(int FileDescriptors, int Threads, long ManagedBytes, long ResidentBytes)
{
    /// <summary>Collects garbage (twice, with finalizers in between) and reads the counters.</summary>
    public static ProcessResources Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return new ProcessResources(
            CountFileDescriptors(),
            process.Threads.Count,
            GC.GetTotalMemory(forceFullCollection: true),
            process.WorkingSet64);
    }

    /// <summary>Open file descriptors in <c>/proc/self/fd</c>; -1 where the directory does not exist.</summary>
    public static int CountFileDescriptors() =>
        Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : -1;

    /// <inheritdoc />
    public override string ToString() =>
        $"fds {FileDescriptors}, threads {Threads}, managed {ManagedBytes / 1024} KiB, RSS {ResidentBytes / 1024} KiB";
}
