using System.Text.Json.Nodes;

namespace K2VV.Proxy.Tests.Replay;

/// <summary>One bug case from tests/TestData/bug-cases.jsonl that has a scripted upstream response.</summary>
internal sealed record BugCase(string Id, JsonObject Request, JsonObject Upstream, JsonObject Expect)
{
    /// <summary>The finish reason the reference records: <c>k2vv_finish_reason</c>.</summary>
    public string? K2vvFinishReason => Expect["k2vv_finish_reason"]?.GetValue<string>();

    /// <summary>The verdict the reference writes to results.jsonl: the recorded value when it differs from the computed one.</summary>
    public bool? K2vvRecordedValid =>
        Expect.TryGetPropertyValue("k2vv_record_tool_calls_valid", out var recorded)
            ? recorded?.GetValue<bool>()
            : Expect["k2vv_tool_calls_valid"]?.GetValue<bool>();

    /// <summary>
    /// The reference's status. Its OpenAI client raises, so the line is <c>failed</c>, on an HTTP
    /// error status and on a stream it cannot accumulate (error payload, reset). A 2xx JSON body is
    /// recorded as <c>success</c> even without <c>choices</c>. A status named in <c>k2vv_notes</c> wins.
    /// </summary>
    public bool K2vvSucceeds
    {
        get
        {
            var notes = Expect["k2vv_notes"]?.GetValue<string>() ?? "";
            if (notes.Contains("status=failed", StringComparison.Ordinal))
            {
                return false;
            }

            if (notes.Contains("status=success", StringComparison.Ordinal))
            {
                return true;
            }

            var stream = Request["stream"]?.GetValue<bool>() == true;
            return (int)Upstream["status"]! is >= 200 and < 300 && !(stream && K2vvFinishReason is null);
        }
    }

    public static IReadOnlyList<BugCase> LoadWithUpstream()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "bug-cases.jsonl");
        var cases = new List<BugCase>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line) || JsonNode.Parse(line) is not JsonObject obj || obj["upstream"] is not JsonObject upstream)
            {
                continue;
            }

            cases.Add(new BugCase(obj["id"]!.GetValue<string>(), (JsonObject)obj["request"]!, upstream, (JsonObject)obj["expect"]!));
        }

        return cases;
    }
}
