using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Xunit;

namespace K2VV.Verification.Tests.Rewriting;

/// <summary>A request-side case of the bug-case data: a request and its messages after the id rewrite.</summary>
internal sealed record HistoryIdCase(
    string Id,
    byte[] Body,
    JsonElement Request,
    JsonElement ExpectedMessages,
    IReadOnlyList<string> ExpectedFlags,
    int HistoryToolCallsCount,
    int NextToolCallIndex)
{
    private static readonly Lazy<IReadOnlyDictionary<string, HistoryIdCase>> All = new(Load);

    /// <summary>Ids of every case whose kind starts with <c>history_id</c>, for xunit member data.</summary>
    public static TheoryData<string> Ids
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var id in All.Value.Keys)
            {
                data.Add(id);
            }

            return data;
        }
    }

    public static HistoryIdCase Get(string id) => All.Value[id];

    /// <summary>Serializes a JSON value compactly and without needless escapes, keeping key order.</summary>
    public static string Normalize(JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Dictionary<string, HistoryIdCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "bug-cases.jsonl");
        var cases = new Dictionary<string, HistoryIdCase>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var root = JsonDocument.Parse(line).RootElement;
            if (!root.GetProperty("kind").GetString()!.StartsWith("history_id", StringComparison.Ordinal))
            {
                continue;
            }

            var request = root.GetProperty("request");
            var expect = root.GetProperty("expect");
            var id = root.GetProperty("id").GetString()!;
            cases[id] = new HistoryIdCase(
                id,
                Encoding.UTF8.GetBytes(request.GetRawText()),
                request,
                expect.GetProperty("rewritten_messages"),
                expect.GetProperty("flags").EnumerateArray().Select(flag => flag.GetString()!).ToArray(),
                expect.GetProperty("history_tool_calls_count").GetInt32(),
                expect.GetProperty("next_tool_call_index").GetInt32());
        }

        return cases;
    }
}
