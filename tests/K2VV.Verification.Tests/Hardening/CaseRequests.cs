using System.Text;
using System.Text.Json;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>The request bodies of tests/TestData/bug-cases.jsonl, as compact UTF-8.</summary>
internal static class CaseRequests
{
    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> All = new(Load);

    public static IEnumerable<string> Ids => All.Value.Keys;

    /// <summary>The cases whose request carries a tool-call history, the part the id rewrite edits.</summary>
    public static IEnumerable<string> HistoryIds => All.Value.Keys.Where(id => id.StartsWith("hist-", StringComparison.Ordinal));

    public static byte[] Get(string id) => All.Value[id];

    private static Dictionary<string, byte[]> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "bug-cases.jsonl");
        var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var text in File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line)))
        {
            using var line = JsonDocument.Parse(text);
            var id = line.RootElement.GetProperty("id").GetString()!;
            bodies.Add(id, Encoding.UTF8.GetBytes(line.RootElement.GetProperty("request").GetRawText()));
        }

        return bodies;
    }
}
