using System.Text.Json.Nodes;
using K2VV.Verification.Results;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace K2VV.Proxy.Tests.Replay;

public sealed class ReplayBugCasesTests : IDisposable
{
    private const string Flaky = "flaky-429-then-200";
    private const string AlwaysFailing = "always-500";

    private readonly string directory = Directory.CreateTempSubdirectory("k2vv-replay-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private sealed record Expected(string Name, bool Succeeds, string? FinishReason, bool? ToolCallsValid);

    [Fact]
    public async Task Replay_BugCases_MatchReference()
    {
        var cases = BugCase.LoadWithUpstream();
        var byId = cases.ToDictionary(c => c.Id);
        var baseline = byId["baseline-nonstream-valid"];

        await using var vendor = await ReplayFakeVendor.StartAsync((name, attempt, _, context) => name switch
        {
            Flaky when attempt <= 2 => ReplayFakeVendor.WriteJsonAsync(context, 429, JsonNode.Parse("""{"error":{"message":"slow down"}}""")!),
            Flaky => ReplayFakeVendor.WriteUpstreamAsync(context, baseline.Upstream),
            AlwaysFailing => ReplayFakeVendor.WriteJsonAsync(context, 500, JsonNode.Parse("""{"error":{"message":"internal"}}""")!),
            _ => ReplayFakeVendor.WriteUpstreamAsync(context, byId[name].Upstream),
        });

        // One line per case. The `user` field names the case, so the vendor can pick its response.
        var expected = new List<Expected>();
        var lines = new List<string>();
        foreach (var bugCase in cases)
        {
            lines.Add(WithUser(bugCase.Request, bugCase.Id));
            expected.Add(new Expected(bugCase.Id, bugCase.K2vvSucceeds, bugCase.K2vvFinishReason, bugCase.K2vvRecordedValid));
        }

        lines.Add(WithUser(baseline.Request, Flaky));
        expected.Add(new Expected(Flaky, true, baseline.K2vvFinishReason, baseline.K2vvRecordedValid));
        lines.Add(WithUser(baseline.Request, AlwaysFailing));
        expected.Add(new Expected(AlwaysFailing, false, null, null));

        var input = Path.Combine(directory, "samples.jsonl");
        await File.WriteAllLinesAsync(input, lines);
        var output = Path.Combine(directory, "results.jsonl");
        var summaryPath = Path.Combine(directory, "summary.json");

        var run = await ReplayCli.ReplayAsync([input, "--model", "kimi-k2-test", "--base-url", vendor.BaseUrl, "--api-key", "sk-test",
            "--output", output, "--summary", summaryPath, "--concurrency", "8", "--retries", "3"]);

        Assert.True(run.ExitCode == 0, run.Error);
        var results = File.ReadAllLines(output).Select(line => K2vvResult.TryParse(line)!).ToList();
        Assert.Equal(Enumerable.Range(1, expected.Count), results.Select(r => r.DataIndex));
        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i];
            var got = results[i];
            Assert.True(want.Succeeds == (got.Status == "success"), $"{want.Name}: status {got.Status}, response {got.Response?.ToJsonString()}");
            Assert.True(want.FinishReason == got.FinishReason, $"{want.Name}: finish_reason {got.FinishReason ?? "null"}, expected {want.FinishReason ?? "null"}");
            Assert.True(want.ToolCallsValid == got.ToolCallsValid, $"{want.Name}: tool_calls_valid {got.ToolCallsValid?.ToString() ?? "null"}, expected {want.ToolCallsValid?.ToString() ?? "null"}");
            if (!want.Succeeds)
            {
                Assert.True(got.Response?["error"] is JsonValue, $"{want.Name}: a failed line records {{\"error\": ...}}");
            }
        }

        // A stream's usage chunk (empty choices) is skipped by the reference but summed here.
        var usageCase = results[expected.FindIndex(e => e.Name == "stream-usage-chunk-empty-choices")];
        Assert.NotNull(usageCase.Usage);
        Assert.True(usageCase.Usage.TotalTokens > 0);

        // 429 twice then 200 succeeds on the third attempt; a 500 and a 429 that never end use all four attempts.
        Assert.Equal(3, vendor.Count(Flaky));
        Assert.Equal(4, vendor.Count(AlwaysFailing));
        Assert.Equal(4, vendor.Count("http-429-rate-limited"));
        Assert.Contains("500", results[^1].Response!["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var summary = JsonNode.Parse(await File.ReadAllTextAsync(summaryPath))!.AsObject();
        Assert.Equal("kimi-k2-test", (string?)summary["model"]);
        Assert.Equal(expected.Count(e => e.Succeeds), (int)summary["success_count"]!);
        Assert.Equal(expected.Count(e => !e.Succeeds), (int)summary["failure_count"]!);
        Assert.Equal(expected.Count(e => e.FinishReason == "stop"), (int)summary["finish_stop"]!);
        Assert.Equal(expected.Count(e => e.FinishReason == "tool_calls"), (int)summary["finish_tool_calls"]!);
        Assert.Equal(expected.Count(e => e.FinishReason is not (null or "stop" or "tool_calls")), (int)summary["finish_others"]!);
        Assert.Equal(expected.Count(e => e.FinishReason == "tool_calls" && e.ToolCallsValid == true), (int)summary["successful_tool_call_count"]!);
        Assert.Equal(expected.Count(e => e.FinishReason == "tool_calls" && e.ToolCallsValid != true), (int)summary["schema_validation_error_count"]!);
        Assert.Equal(expected.Count(e => e.FinishReason == "length"), (int?)summary["finish_others_detail"]!["length"] ?? 0);
    }

    [Fact]
    public async Task Replay_StreamRequest_SendsPreparedBody()
    {
        await using var vendor = await ReplayFakeVendor.StartAsync((_, _, _, context) =>
            ReplayFakeVendor.WriteJsonAsync(context, 400, JsonNode.Parse("""{"error":"bad request"}""")!));
        var input = Path.Combine(directory, "samples.jsonl");
        await File.WriteAllTextAsync(input, """
            {"model":"original","user":"a","stream":true,"messages":[{"role":"_input","content":"rules"},{"role":"user","content":"hi"}]}
            """);

        var run = await ReplayCli.ReplayAsync([input, "--model", "kimi-k2-test", "--base-url", vendor.BaseUrl, "--api-key", "sk-secret",
            "--output", Path.Combine(directory, "r.jsonl"), "--summary", Path.Combine(directory, "s.json"),
            "--temperature", "1", "--max-tokens", "64", "--extra-body", """{"top_k": 20, "user": "a"}"""]);

        Assert.Equal(0, run.ExitCode);
        var body = Assert.Single(vendor.Bodies);
        Assert.Equal("kimi-k2-test", (string?)body["model"]);
        Assert.Equal("system", (string?)body["messages"]![0]!["role"]);
        Assert.Equal(1.0, (double)body["temperature"]!);
        Assert.Equal(64, (int)body["max_tokens"]!);
        Assert.Equal(20, (int)body["top_k"]!);
        Assert.True((bool)body["stream_options"]!["include_usage"]!);
        Assert.Equal("Bearer sk-secret", Assert.Single(vendor.Authorizations));
        Assert.DoesNotContain("sk-secret", run.Output + run.Error, StringComparison.Ordinal);

        // 400 is not retried, and the line records the failure; the hash ignores extra_body and stream_options.
        var result = K2vvResult.TryParse(File.ReadAllLines(Path.Combine(directory, "r.jsonl")).Single())!;
        Assert.Equal("failed", result.Status);
        Assert.Contains("400", result.Response!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(result.Request!["stream_options"]);
        Assert.Null(result.Request!["top_k"]);
        Assert.Equal(RequestHash.Compute(result.Request), result.Hash);
    }

    private static string WithUser(JsonObject request, string name)
    {
        var copy = (JsonObject)request.DeepClone();
        copy["user"] = name;
        return copy.ToJsonString();
    }
}
