using System.Collections.Concurrent;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>Collects <see cref="TaskScheduler.UnobservedTaskException"/> events while it is alive.</summary>
public sealed class UnobservedExceptions : IDisposable
{
    private readonly ConcurrentQueue<Exception> _exceptions = new();

    /// <summary>Subscribes to the event.</summary>
    public UnobservedExceptions()
    {
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    /// <summary>Collects garbage so that faulted tasks nobody awaited are finalized, and returns what was reported.</summary>
    public IReadOnlyCollection<Exception> CollectAndRead()
    {
        for (var round = 0; round < 3; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return _exceptions.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs args) => _exceptions.Enqueue(args.Exception);
}
