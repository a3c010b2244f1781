using System.Text.Json.Nodes;

namespace K2VV.Proxy.Tests.Shadow;

/// <summary>One line of tests/TestData/bug-cases.jsonl that has an upstream response.</summary>
/// <param name="OfficialFinishReason">The official API's finish reason for the same request, for the cases that record it.</param>
internal sealed record BugCase(string Id, JsonObject Request, JsonObject Upstream, string? ExpectedK2vvFinishReason, string? OfficialFinishReason)
{
    private static readonly Lazy<IReadOnlyList<BugCase>> All = new(Load);

    public bool IsStream => Request["stream"]?.GetValue<bool>() == true;

    public int Status => Upstream["status"]!.GetValue<int>();

    /// <summary>The cases that have an upstream response to replay.</summary>
    public static IReadOnlyList<BugCase> WithUpstream => All.Value;

    public static BugCase Get(string id) => All.Value.Single(c => c.Id == id);

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
            if (node["upstream"] is not JsonObject upstream)
            {
                continue;
            }

            var expect = node["expect"]!.AsObject();
            var finish = expect.ContainsKey("k2vv_finish_reason") ? expect["k2vv_finish_reason"] : expect["finish_reason"];
            var officialFinish = node["shadow"]?["official_finish_reason"]?.GetValue<string>();
            cases.Add(new BugCase(node["id"]!.GetValue<string>(), node["request"]!.AsObject(), upstream, finish?.GetValue<string>(), officialFinish));
        }

        return cases;
    }
}
