using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2VV.Proxy.Tests.Fakes;

/// <summary>
/// What a <see cref="FakeVendor"/> answers: a status, headers and the body as a list of chunks,
/// each written and flushed on its own, optionally followed by a connection reset.
/// </summary>
public sealed class VendorResponse
{
    private static readonly JsonSerializerOptions BodyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The HTTP status.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Response headers, such as <c>content-type</c> and <c>content-encoding</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Body chunks in order. A single chunk is sent with a Content-Length; several are sent chunked.</summary>
    public IReadOnlyList<byte[]> Chunks { get; init; } = [];

    /// <summary>Aborts the connection after the last chunk instead of ending the body.</summary>
    public bool ResetAfterBody { get; init; }

    /// <summary>
    /// Awaited before chunk <c>i</c> (for i ≥ 1) is written, with the request's abort token:
    /// lets a test hold the stream until its client has read the earlier chunks.
    /// </summary>
    public Func<int, CancellationToken, Task>? BeforeChunk { get; init; }

    /// <summary>All body bytes, concatenated.</summary>
    public byte[] Body => Chunks.SelectMany(chunk => chunk).ToArray();

    /// <summary>A JSON response with <paramref name="body"/> sent in one piece.</summary>
    public static VendorResponse Json(string body, int status = 200) => new()
    {
        Status = status,
        Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
        Chunks = [Encoding.UTF8.GetBytes(body)],
    };

    /// <summary>An SSE response whose frames are written and flushed one by one.</summary>
    public static VendorResponse Sse(params string[] chunks) => new()
    {
        Headers = new Dictionary<string, string> { ["content-type"] = "text/event-stream" },
        Chunks = chunks.Select(Encoding.UTF8.GetBytes).ToList(),
    };

    /// <summary>
    /// Reads a bug case's <c>upstream</c>: <c>status</c>, <c>headers</c>, then one of
    /// <c>body</c> (JSON), <c>body_text</c>, <c>body_base64</c>, <c>sse</c> or <c>sse_base64</c>,
    /// and <c>close</c> (<c>reset</c> aborts the connection after the bytes).
    /// </summary>
    public static VendorResponse FromCase(JsonObject upstream)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (upstream["headers"] is JsonObject headerObject)
        {
            foreach (var (name, value) in headerObject)
            {
                headers[name] = value!.GetValue<string>();
            }
        }

        List<byte[]> chunks;
        if (upstream["sse"] is JsonArray sse)
        {
            chunks = sse.Select(chunk => Encoding.UTF8.GetBytes(chunk!.GetValue<string>())).ToList();
        }
        else if (upstream["sse_base64"] is JsonArray sseBase64)
        {
            chunks = sseBase64.Select(chunk => Convert.FromBase64String(chunk!.GetValue<string>())).ToList();
        }
        else if (upstream["body_text"] is JsonNode text)
        {
            chunks = [Encoding.UTF8.GetBytes(text.GetValue<string>())];
        }
        else if (upstream["body_base64"] is JsonNode base64)
        {
            chunks = [Convert.FromBase64String(base64.GetValue<string>())];
        }
        else if (upstream.ContainsKey("body"))
        {
            chunks = [JsonSerializer.SerializeToUtf8Bytes(upstream["body"], BodyJson)];
        }
        else
        {
            chunks = [];
        }

        return new VendorResponse
        {
            Status = upstream["status"]?.GetValue<int>() ?? 200,
            Headers = headers,
            Chunks = chunks,
            ResetAfterBody = upstream["close"]?.GetValue<string>() == "reset",
        };
    }
}
