using System.Text.Json.Nodes;
using K2VV.Verification.Results;
using Xunit;

namespace K2VV.Proxy.Tests.Replay;

public sealed class ReplayRewriteTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("k2vv-rewrite-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static IEnumerable<JsonObject> HistoryCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "bug-cases.jsonl");
        return File.ReadLines(path)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Where(c => c["kind"]!.GetValue<string>() == "history_id_rewrite" && c["expect"]!["rewritten_messages"] is JsonArray);
    }

    private async Task<(JsonObject Sent, K2vvResult Result)> ReplayAsync(JsonObject request, string mode)
    {
        await using var vendor = await ReplayFakeVendor.StartAsync((_, _, _, context) =>
            ReplayFakeVendor.WriteJsonAsync(context, 200, VendorAnswers.Stop()));
        var input = Path.Combine(directory, "samples.jsonl");
        await File.WriteAllTextAsync(input, request.ToJsonString());
        var output = Path.Combine(directory, "results.jsonl");

        var run = await ReplayCli.ReplayAsync([input, "--model", "m", "--base-url", vendor.BaseUrl, "--api-key", "k",
            "--output", output, "--summary", Path.Combine(directory, "summary.json"), "--tool-id-rewrite", mode]);

        Assert.Equal(0, run.ExitCode);
        return (Assert.Single(vendor.Bodies), K2vvResult.TryParse(File.ReadAllLines(output).Single())!);
    }

    [Fact]
    public async Task Replay_CanonicalRewrite_SendsRewrittenIdsKeepsHash()
    {
        var cases = HistoryCases().ToList();
        Assert.NotEmpty(cases);
        foreach (var bugCase in cases)
        {
            var request = bugCase["request"]!.AsObject();

            var (sent, result) = await ReplayAsync(request, "canonical");

            var id = bugCase["id"]!.GetValue<string>();
            Assert.True(JsonNode.DeepEquals(bugCase["expect"]!["rewritten_messages"], sent["messages"]), $"{id}: sent {sent["messages"]!.ToJsonString()}");
            Assert.True(JsonNode.DeepEquals(request["messages"], result.Request!["messages"]), $"{id}: the results file records the request as read");
            Assert.Equal(RequestHash.Compute(result.Request), result.Hash);
        }
    }

    [Fact]
    public async Task Replay_RewriteOff_SendsIdsUnchanged()
    {
        var request = HistoryCases().First()["request"]!.AsObject();

        var (sent, _) = await ReplayAsync(request, "off");

        Assert.True(JsonNode.DeepEquals(request["messages"], sent["messages"]));
    }
}
