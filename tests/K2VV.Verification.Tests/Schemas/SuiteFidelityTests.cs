using Xunit;
using Xunit.Abstractions;

namespace K2VV.Verification.Tests.Schemas;

/// <summary>Agreement with the reference on the official JSON-Schema-Test-Suite pairs.</summary>
public sealed class SuiteFidelityTests(ITestOutputHelper output)
{
    [Fact]
    public void CheckInstance_SchemaSuite_AgreesOnAtLeast995PermillePerSet()
    {
        var fidelity = SuiteFidelity.Run();
        foreach (var miss in fidelity.Cases.Where(c => !c.Agrees))
        {
            output.WriteLine($"{miss.Id} [{miss.Description}] expected {miss.Expected}, got {miss.Actual.Outcome}: {miss.Actual.Detail}");
        }

        Assert.Equal(4875, fidelity.Cases.Count);
        foreach (var set in fidelity.BySet)
        {
            var agreement = (double)set.Count(c => c.Agrees) / set.Count();
            Assert.True(agreement >= 0.995, $"{set.Key}: {agreement:P2} agreement is below 99.5 %");
        }
    }

    [Fact]
    public void FidelityPage_MeasuredAgreement_MatchesDocsPage()
    {
        var page = FidelityPage.Render(SuiteFidelity.Run(), InstanceFidelity.Pairs, InstanceFidelity.Agreements());
        var path = Path.Combine(TestData.RepositoryRoot(), FidelityPage.RelativePath);
        if (Environment.GetEnvironmentVariable("K2VV_WRITE_FIDELITY") == "1")
        {
            File.WriteAllText(path, page);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the fidelity tests with K2VV_WRITE_FIDELITY=1 to write it.");
        Assert.Equal(page.ReplaceLineEndings(), File.ReadAllText(path).ReplaceLineEndings());
    }
}
