using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2VV.Proxy.Tests.Fakes;

/// <summary>One line of tests/TestData/bug-cases.jsonl.</summary>
/// <param name="Id">The case id.</param>
/// <param name="Kind">The failure family.</param>
/// <param name="Request">The chat-completion body the client sends.</param>
/// <param name="Upstream">What the vendor answers, or null for request-side cases.</param>
/// <param name="Expect">The expected verdict, findings or rewritten messages.</param>
public sealed record BugCase(string Id, string Kind, JsonObject Request, JsonObject? Upstream, JsonObject Expect)
{
    private static readonly Lazy<IReadOnlyList<BugCase>> Cases = new(Load);

    /// <summary>Every case in the file, in file order.</summary>
    public static IReadOnlyList<BugCase> All => Cases.Value;

    /// <summary>Cases with an <c>upstream</c> response.</summary>
    public static IEnumerable<BugCase> ResponseCases => All.Where(c => c.Upstream is not null);

    /// <summary>Request-side cases: the tool-call id rewrite of the history.</summary>
    public static IEnumerable<BugCase> HistoryCases => All.Where(c => c.Kind.StartsWith("history_id_", StringComparison.Ordinal));

    /// <summary>Returns the case with <paramref name="id"/>.</summary>
    public static BugCase Get(string id) => All.Single(c => c.Id == id);

    /// <summary>Cases with an <c>upstream</c> response, as a list.</summary>
    public static IReadOnlyList<BugCase> WithUpstream => [.. ResponseCases];

    /// <summary>The vendor's HTTP status, or 0 for request-side cases.</summary>
    public int Status => Upstream?["status"]?.GetValue<int>() ?? 0;

    /// <summary>The finish reason the reference records (<c>k2vv_finish_reason</c>, else <c>finish_reason</c>).</summary>
    public string? ExpectedK2vvFinishReason =>
        (Expect.ContainsKey("k2vv_finish_reason") ? Expect["k2vv_finish_reason"] : Expect["finish_reason"])?.GetValue<string>();

    /// <summary>The official API's finish reason for the same request, for the cases that record it.</summary>
    public string? OfficialFinishReason { get; init; }

    /// <summary>True when the request asks for a stream.</summary>
    public bool IsStream => Request["stream"]?.GetValueKind() == JsonValueKind.True;

    /// <summary>The request body as UTF-8 JSON.</summary>
    public byte[] RequestBytes() => JsonSerializer.SerializeToUtf8Bytes(Request);

    /// <summary>The vendor's answer for this case.</summary>
    public VendorResponse Response() =>
        VendorResponse.FromCase(Upstream ?? throw new InvalidOperationException($"Case {Id} has no upstream response."));

    /// <inheritdoc />
    public override string ToString() => Id;

    private static List<BugCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "bug-cases.jsonl");
        var cases = new List<BugCase>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var node = JsonNode.Parse(line)!.AsObject();
            cases.Add(new BugCase(
                node["id"]!.GetValue<string>(),
                node["kind"]!.GetValue<string>(),
                node["request"]!.AsObject(),
                node["upstream"] as JsonObject,
                node["expect"]!.AsObject())
            {
                OfficialFinishReason = node["shadow"]?["official_finish_reason"]?.GetValue<string>(),
            });
        }

        return cases;
    }
}
