using Xunit;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>
/// Tests that read process-wide memory (GC.GetTotalMemory) run alone, because allocations of
/// tests running in parallel would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementGroup
{
    public const string Name = "Memory measurement";
}
