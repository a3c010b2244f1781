using K2VV.Verification.Schemas;

namespace K2VV.Verification.Tests.Schemas;

/// <summary>Runs instances.jsonl joined with tools.jsonl through the validator as the verdict code will.</summary>
internal static class InstanceFidelity
{
    public const int Pairs = 2060;

    public static int Agreements()
    {
        var misses = Disagreements(out var pairs);
        return pairs - misses.Count;
    }

    public static List<string> Disagreements(out int pairs)
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

        pairs = instances.Count;
        return disagreements;
    }
}
