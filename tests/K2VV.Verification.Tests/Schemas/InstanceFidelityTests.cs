using Xunit;
using Xunit.Abstractions;

namespace K2VV.Verification.Tests.Schemas;

/// <summary>Agreement with the reference on real tool schemas and the argument strings models emit.</summary>
public sealed class InstanceFidelityTests(ITestOutputHelper output)
{
    [Fact]
    public void CheckArguments_RealToolInstances_MatchReferenceOnEveryPair()
    {
        var disagreements = InstanceFidelity.Disagreements(out var pairs);
        foreach (var line in disagreements)
        {
            output.WriteLine(line);
        }

        Assert.Equal(InstanceFidelity.Pairs, pairs);
        Assert.Empty(disagreements);
    }
}
