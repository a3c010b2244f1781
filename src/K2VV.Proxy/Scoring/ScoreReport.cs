using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2VV.Proxy.Scoring;

/// <summary>The outcome of scoring one results file.</summary>
internal sealed class ScoreReport
{
    private static readonly JsonSerializerOptions SummaryJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Lines whose verdict was recomputed and compared.</summary>
    public int Compared { get; set; }

    /// <summary>Compared lines whose recorded verdict equals the recomputed one.</summary>
    public int Agreed { get; set; }

    /// <summary>Compared lines whose verdicts differ, in file order.</summary>
    public List<ScoredLine> Disagreements { get; } = [];

    /// <summary>Line numbers that were skipped because they are not a JSON object.</summary>
    public List<int> InvalidLines { get; } = [];

    /// <summary>Builds the summary document written by <c>--summary</c>.</summary>
    public JsonObject ToSummary()
    {
        var disagreements = new JsonArray();
        foreach (var line in Disagreements)
        {
            disagreements.Add(new JsonObject
            {
                ["data_index"] = line.DataIndex,
                ["recorded"] = line.Recorded,
                ["recomputed"] = line.Recomputed,
                ["findings"] = new JsonArray([.. line.Findings.Select(slug => JsonValue.Create(slug))]),
            });
        }

        return new JsonObject
        {
            ["compared"] = Compared,
            ["agreed"] = Agreed,
            ["disagreements"] = disagreements,
            ["invalid_lines"] = new JsonArray([.. InvalidLines.Select(number => JsonValue.Create(number))]),
        };
    }

    /// <summary>Serializes <see cref="ToSummary"/> as indented JSON with non-ASCII text kept as is.</summary>
    public string ToSummaryJson() => ToSummary().ToJsonString(SummaryJson);
}
