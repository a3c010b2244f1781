using System.Text;
using System.Text.Json;
using K2VV.Verification.Streaming;

namespace K2VV.Verification.Tests.Streaming;

/// <summary>One line of tests/TestData/bug-cases.jsonl that has an upstream response.</summary>
public sealed class BugCase
{
    private static readonly Lazy<IReadOnlyDictionary<string, BugCase>> All = new(Load);

    private BugCase(JsonElement line)
    {
        Line = line;
        Id = line.GetProperty("id").GetString()!;
        Request = line.GetProperty("request");
        Expect = line.GetProperty("expect");
        var upstream = line.GetProperty("upstream");
        Status = upstream.GetProperty("status").GetInt32();
        var headers = upstream.GetProperty("headers");
        ContentType = headers.TryGetProperty("content-type", out var type) ? type.GetString() : null;
        ContentEncoding = headers.TryGetProperty("content-encoding", out var encoding) ? encoding.GetString() : null;
        End = upstream.TryGetProperty("close", out var close) && close.GetString() == "reset" ? StreamEnd.Reset : StreamEnd.Clean;
        RequestedStream = Request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
        Chunks = ReadChunks(upstream);
        IsStreamed = upstream.TryGetProperty("sse", out _) || upstream.TryGetProperty("sse_base64", out _);
    }

    public JsonElement Line { get; }

    public string Id { get; }

    public JsonElement Request { get; }

    public JsonElement Expect { get; }

    public int Status { get; }

    public string? ContentType { get; }

    public string? ContentEncoding { get; }

    public StreamEnd End { get; }

    public bool RequestedStream { get; }

    public bool IsStreamed { get; }

    /// <summary>The body exactly as the upstream sends it, chunk by chunk.</summary>
    public IReadOnlyList<byte[]> Chunks { get; }

    public static IEnumerable<string> Ids => All.Value.Keys;

    public static IEnumerable<string> StreamedIds => All.Value.Values.Where(c => c.IsStreamed).Select(c => c.Id);

    public static BugCase Get(string id) => All.Value[id];

    public byte[] Body => [.. Chunks.SelectMany(chunk => chunk)];

    /// <summary>Feeds <paramref name="chunks"/> to a new accumulator and completes it as the case ends.</summary>
    public AccumulatedResponse Accumulate(IEnumerable<byte[]>? chunks = null)
    {
        using var accumulator = new ResponseAccumulator(Status, ContentType, ContentEncoding, RequestedStream);
        foreach (var chunk in chunks ?? Chunks)
        {
            accumulator.Append(chunk);
        }

        return accumulator.Complete(End);
    }

    /// <summary>Splits the body into random chunks of 1 to <paramref name="maxChunk"/> bytes.</summary>
    public IEnumerable<byte[]> Rechunk(int seed, int maxChunk)
    {
        var random = new Random(seed);
        var body = Body;
        var offset = 0;
        while (offset < body.Length)
        {
            var size = Math.Min(random.Next(1, maxChunk + 1), body.Length - offset);
            yield return body[offset..(offset + size)];
            offset += size;
        }
    }

    private static List<byte[]> ReadChunks(JsonElement upstream)
    {
        if (upstream.TryGetProperty("sse", out var sse))
        {
            return [.. sse.EnumerateArray().Select(chunk => Encoding.UTF8.GetBytes(chunk.GetString()!))];
        }

        if (upstream.TryGetProperty("sse_base64", out var sseBase64))
        {
            return [.. sseBase64.EnumerateArray().Select(chunk => Convert.FromBase64String(chunk.GetString()!))];
        }

        if (upstream.TryGetProperty("body_base64", out var bodyBase64))
        {
            return [Convert.FromBase64String(bodyBase64.GetString()!)];
        }

        if (upstream.TryGetProperty("body_text", out var text))
        {
            return [Encoding.UTF8.GetBytes(text.GetString()!)];
        }

        return upstream.TryGetProperty("body", out var body) ? [Encoding.UTF8.GetBytes(body.GetRawText())] : [];
    }

    private static Dictionary<string, BugCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "bug-cases.jsonl");
        var cases = new Dictionary<string, BugCase>();
        foreach (var text in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var line = JsonDocument.Parse(text).RootElement;
            if (line.TryGetProperty("upstream", out var upstream) && upstream.ValueKind == JsonValueKind.Object)
            {
                cases.Add(line.GetProperty("id").GetString()!, new BugCase(line));
            }
        }

        return cases;
    }

    public override string ToString() => Id;
}
