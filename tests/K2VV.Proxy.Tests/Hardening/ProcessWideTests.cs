using Xunit;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>
/// Tests that measure the whole process (file descriptors, threads, memory, unobserved task
/// exceptions) run in this collection, alone and after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTests
{
    /// <summary>The collection name.</summary>
    public const string Name = "Process-wide measurements";
}
