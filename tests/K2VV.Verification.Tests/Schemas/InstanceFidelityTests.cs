using System.Text.Json;
using K2VV.Verification.Schemas;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Verification.Tests.Schemas;

/// <summary>Agreement with the reference on real tool schemas and the argument strings models emit.</summary>
public sealed class InstanceFidelityTests(ITestOutputHelper output)
{
    [Fact]
    public void CheckArguments_RealToolInstances_MatchReferenceOnEveryPair()
    {
        var tools = TestData.Lines("tools.jsonl").ToDictionary(t => t.GetProperty("id").GetString()!);
        var instances = TestData.Lines("instances.jsonl");
        var validator = new ToolSchemaValidator();
        var disagreements = new List<string>();

        foreach (var instance in instances)
        {
            var toolId = instance.GetProperty("tool_id").GetString()!;
            var expected = instance.GetProperty("k2vv_valid").GetBoolean();
            var actual = ReferenceVerdict.Of(validator, tools[toolId].GetProperty("parameters"), instance.GetProperty("arguments"));
            if (actual.IsValid != expected)
            {
                disagreements.Add($"{toolId} {instance.GetProperty("kind")}: expected {expected}, got {actual.Outcome} ({actual.Detail}); reference: {instance.GetProperty("k2vv_detail")}; arguments {instance.GetProperty("arguments").GetString()}");
            }
        }

        foreach (var line in disagreements)
        {
            output.WriteLine(line);
        }

        Assert.Equal(2060, instances.Count);
        Assert.Empty(disagreements);
    }
}
