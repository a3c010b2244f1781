using System.Text;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using Xunit;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>Mutated real request bodies never break <see cref="RequestInspector.Inspect"/> or the id rewrite.</summary>
public sealed class RequestInspectorMutationTests
{
    /// <summary>Seed of the random mutations; a failure names the seed and the mutant index to replay.</summary>
    internal const int Seed = 20261204;

    private static readonly ToolIdRewriteMode[] Modes = Enum.GetValues<ToolIdRewriteMode>();

    // Fragments a fuzzer splices in: structure, ids, duplicate keys, literals Python accepts and JSON does not.
    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "NaN", "-Infinity", "Infinity", "1e999999",
            "-0", "123456789012345678901234567890", "null", "true", "\"id\":\"x\",", "\"id\":7,", "\"tool_call_id\":\"x\",",
            "{\"role\":\"tool\"},", "{\"role\":\"assistant\",\"tool_calls\":[{}]},", "\"role\":\"tool\",", "\"messages\":[],",
            "\"functions.f:0\"", "\u00e9", "\U0001F600",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00],
    ];

    public static TheoryData<string> HistoryIds => [.. CaseRequests.HistoryIds];

    public static TheoryData<string> CaseIds => [.. CaseRequests.Ids];

    [Theory]
    [MemberData(nameof(HistoryIds))]
    public void Inspect_EveryTruncation_NeverThrowsAndKeepsNonIdBytes(string id)
    {
        var body = CaseRequests.Get(id);

        for (int length = 0; length <= body.Length; length++)
        {
            foreach (var mode in Modes)
            {
                AssertInspectHolds(body[..length], mode, $"{id} cut at {length}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Inspect_RandomMutations_NeverThrowAndKeepNonIdBytes(string id)
    {
        var original = CaseRequests.Get(id);
        var random = new Random(HashOf(id));

        for (int mutant = 0; mutant < 300; mutant++)
        {
            var body = Mutate(original, random);
            foreach (var mode in Modes)
            {
                AssertInspectHolds(body, mode, $"{id} mutant {mutant} (seed {Seed})");
            }
        }
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"tool","tool_call_id":"a","content":"y"}]}""")]
    [InlineData("""{"messages":[{"role":"tool","tool_call_id":"b","content":"x"},1]}""")]
    [InlineData("""{"messages":[{"role":"tool","tool_call_id":"b","content":"x","id":"c"}]}""")]
    public void RewriteInvariant_NonIdByteChanged_IsReported(string rewritten)
    {
        var original = """{"messages":[{"role":"tool","tool_call_id":"a","content":"x"}]}"""u8.ToArray();

        Assert.NotNull(RewriteInvariant.Check(original, Encoding.UTF8.GetBytes(rewritten)));
        Assert.Null(RewriteInvariant.Check(original, """{"messages":[{"role":"tool","tool_call_id":"b","content":"x"}]}"""u8.ToArray()));
    }

    internal static int HashOf(string id)
    {
        // string.GetHashCode is randomized per process; this one is stable, so a seed replays.
        int hash = Seed;
        foreach (var c in id)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash & 0x7FFF_FFFF;
    }

    internal static void AssertInspectHolds(byte[] body, ToolIdRewriteMode mode, string label)
    {
        RequestInspection inspection;
        try
        {
            inspection = RequestInspector.Inspect(body, mode);
        }
        catch (Exception exception)
        {
            Assert.Fail($"{label}, {mode}: Inspect threw {exception}");
            return;
        }

        Assert.True((inspection.Request is null) == (inspection.Error is not null), $"{label}, {mode}: a request and an error at once, or neither");
        if (inspection.RewrittenBody is not { } rewritten)
        {
            Assert.True(inspection.Rewrite.Changed == 0, $"{label}, {mode}: ids changed but no body");
            return;
        }

        Assert.NotEqual(ToolIdRewriteMode.Off, mode);
        Assert.NotNull(inspection.Request);
        var bytes = rewritten.ToArray();
        Assert.False(bytes.AsSpan().SequenceEqual(body), $"{label}, {mode}: a rewritten body equal to the original must be null");
        var problem = RewriteInvariant.Check(body, bytes);
        Assert.True(problem is null, $"{label}, {mode}: {problem}");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var body = new List<byte>(original);
        int edits = random.Next(1, 4);
        for (int edit = 0; edit < edits; edit++)
        {
            int position = random.Next(0, body.Count + 1);
            switch (random.Next(5))
            {
                case 0 when position < body.Count:
                    body[position] = (byte)random.Next(256);
                    break;
                case 1 when position < body.Count:
                    body[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    body.InsertRange(position, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 3 when position < body.Count:
                    body.RemoveRange(position, random.Next(1, Math.Min(16, body.Count - position) + 1));
                    break;
                default:
                    // Repeat a slice: duplicate keys, messages and calls.
                    int start = random.Next(0, Math.Max(1, body.Count));
                    int length = Math.Min(random.Next(1, 200), body.Count - start);
                    body.InsertRange(position, body.GetRange(start, Math.Max(0, length)));
                    break;
            }
        }

        return [.. body];
    }
}
