using System.Text.Json;
using K2VV.Verification.Schemas;

namespace K2VV.Verification.Tests.Schemas;

/// <summary>Runs every schema-suite pair through the validator and groups agreement with the reference by set.</summary>
internal sealed class SuiteFidelity
{
    private SuiteFidelity(IReadOnlyList<SuiteCase> cases) => Cases = cases;

    public IReadOnlyList<SuiteCase> Cases { get; }

    public IEnumerable<IGrouping<string, SuiteCase>> BySet => Cases.GroupBy(c => c.Set).OrderBy(g => g.Key, StringComparer.Ordinal);

    public static SuiteFidelity Run()
    {
        var validator = new ToolSchemaValidator();
        var cases = new List<SuiteCase>();
        foreach (var line in TestData.Lines("schema-suite.jsonl"))
        {
            // The pairs were produced by Python's json.dumps and may hold lone surrogates, so they are read as Python reads them.
            var schema = ParsePython(line.GetProperty("schema").GetString()!);
            var set = line.GetProperty("set").GetString()!;

            // The reference returns false for a falsy schema (false, {}) before validating. The
            // "realistic" set holds raw arguments strings (some truncated), the other sets JSON instances.
            var check = !SchemaTruthiness.IsTruthy(schema) ? new ArgumentsCheck(ArgumentsOutcome.InvalidSchema, "Schema is falsy")
                : set == "realistic" ? validator.CheckArguments(schema, line.GetProperty("instance"))
                : validator.CheckInstance(schema, ParsePython(line.GetProperty("instance").GetString()!));
            cases.Add(new SuiteCase(
                line.GetProperty("id").GetString()!,
                set,
                line.GetProperty("description").GetString()!,
                line.GetProperty("k2vv_valid").GetBoolean(),
                check));
        }

        return new SuiteFidelity(cases);
    }

    private static JsonElement ParsePython(string text) =>
        PythonJson.TryParse(text, maxDepth: 1000, out var value, out var error)
            ? value
            : throw new InvalidDataException($"Suite text is not JSON: {error}: {text}");
}

/// <summary>One suite pair with the reference's verdict and ours.</summary>
internal sealed record SuiteCase(string Id, string Set, string Description, bool Expected, ArgumentsCheck Actual)
{
    public bool Agrees => Expected == Actual.IsValid;
}
