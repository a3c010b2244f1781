using System.Text.Json;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using Xunit;

namespace K2VV.Verification.Tests.Rewriting;

public class HistoryIdCaseTests
{
    [Fact]
    public void Cases_Loaded_AtLeastTen()
    {
        Assert.True(HistoryIdCase.Ids.Count >= 10, $"only {HistoryIdCase.Ids.Count} history_id cases were loaded");
    }

    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void Canonical_Case_GivesExpectedMessages(string caseId)
    {
        var testCase = HistoryIdCase.Get(caseId);

        var inspection = RequestInspector.Inspect(testCase.Body, ToolIdRewriteMode.Canonical);

        Assert.Null(inspection.Error);
        var forwarded = Forwarded(testCase.Body, inspection);
        using var document = JsonDocument.Parse(forwarded);
        Assert.Equal(
            HistoryIdCase.Normalize(testCase.ExpectedMessages),
            HistoryIdCase.Normalize(document.RootElement.GetProperty("messages")));
    }

    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void Canonical_Case_GivesExpectedFlags(string caseId)
    {
        var testCase = HistoryIdCase.Get(caseId);

        var inspection = RequestInspector.Inspect(testCase.Body, ToolIdRewriteMode.Canonical);

        Assert.Equal(testCase.ExpectedFlags, inspection.Rewrite.Flags);
        Assert.Equal(inspection.Rewrite.Flags.Contains("orphan_tool_message"), inspection.Rewrite.Orphans > 0);
        Assert.Equal(inspection.Rewrite.Flags.Contains("missing_id_positional_match"), inspection.Rewrite.PositionalMatches > 0);
        Assert.Equal(inspection.Rewrite.Flags.Contains("renumbered_wellformed_id"), inspection.Rewrite.Renumbered > 0);
    }

    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void Canonical_Case_CountsHistoryToolCalls(string caseId)
    {
        var testCase = HistoryIdCase.Get(caseId);

        var inspection = RequestInspector.Inspect(testCase.Body, ToolIdRewriteMode.Canonical);

        Assert.NotNull(inspection.Request);
        Assert.Equal(testCase.HistoryToolCallsCount, inspection.Request.HistoryToolCallCount);
        Assert.Equal(testCase.NextToolCallIndex, inspection.Request.HistoryToolCallCount);
    }

    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void Canonical_Case_ReserializesOnlyWhenMessagesChange(string caseId)
    {
        var testCase = HistoryIdCase.Get(caseId);
        bool messagesChange = HistoryIdCase.Normalize(testCase.ExpectedMessages)
            != HistoryIdCase.Normalize(testCase.Request.GetProperty("messages"));

        var inspection = RequestInspector.Inspect(testCase.Body, ToolIdRewriteMode.Canonical);

        Assert.Equal(messagesChange, inspection.RewrittenBody is not null);
    }

    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void Canonical_Case_KeepsOtherFieldsByteForByte(string caseId)
    {
        var testCase = HistoryIdCase.Get(caseId);

        var inspection = RequestInspector.Inspect(testCase.Body, ToolIdRewriteMode.Canonical);

        using var document = JsonDocument.Parse(Forwarded(testCase.Body, inspection));
        var original = testCase.Request.EnumerateObject().ToList();
        var forwarded = document.RootElement.EnumerateObject().ToList();
        Assert.Equal(original.Select(property => property.Name), forwarded.Select(property => property.Name));
        foreach (var (before, after) in original.Zip(forwarded))
        {
            if (before.Name != "messages")
            {
                Assert.Equal(before.Value.GetRawText(), after.Value.GetRawText());
            }
        }
    }

    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void Canonical_RewrittenCase_IsLeftUnchanged(string caseId)
    {
        var testCase = HistoryIdCase.Get(caseId);
        var first = RequestInspector.Inspect(testCase.Body, ToolIdRewriteMode.Canonical);

        var second = RequestInspector.Inspect(Forwarded(testCase.Body, first), ToolIdRewriteMode.Canonical);

        Assert.Null(second.RewrittenBody);
        Assert.Equal(0, second.Rewrite.Changed);
        Assert.Equal(0, second.Rewrite.PositionalMatches);
        Assert.Equal(first.Rewrite.Orphans, second.Rewrite.Orphans);
    }

    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void Off_Case_ForwardsOriginal(string caseId)
    {
        var testCase = HistoryIdCase.Get(caseId);

        var inspection = RequestInspector.Inspect(testCase.Body, ToolIdRewriteMode.Off);

        Assert.Null(inspection.RewrittenBody);
        Assert.Same(RewriteReport.None, inspection.Rewrite);
        Assert.Equal(testCase.HistoryToolCallsCount, inspection.Request!.HistoryToolCallCount);
    }

    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void PrefixOnly_Case_OnlyPrefixesIds(string caseId)
    {
        var testCase = HistoryIdCase.Get(caseId);

        var inspection = RequestInspector.Inspect(testCase.Body, ToolIdRewriteMode.PrefixOnly);

        using var document = JsonDocument.Parse(Forwarded(testCase.Body, inspection));
        var before = testCase.Request.GetProperty("messages").EnumerateArray().ToList();
        var after = document.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(before.Count, after.Count);
        foreach (var (original, forwarded) in before.Zip(after))
        {
            Assert.Equal(ExpectedPrefixOnly(original), HistoryIdCase.Normalize(forwarded));
        }

        Assert.Equal(testCase.HistoryToolCallsCount, inspection.Request!.HistoryToolCallCount);
    }

    // Builds the expectation independently: the message as it was, with "functions." before each string id that lacks it.
    private static string ExpectedPrefixOnly(JsonElement message)
    {
        var text = HistoryIdCase.Normalize(message);
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        if (node["role"]?.GetValue<string>() == "tool")
        {
            Prefix(node, "tool_call_id");
        }
        else if (node["role"]?.GetValue<string>() == "assistant" && node["tool_calls"] is System.Text.Json.Nodes.JsonArray calls)
        {
            foreach (var call in calls)
            {
                Prefix(call!.AsObject(), "id");
            }
        }

        return HistoryIdCase.Normalize(JsonDocument.Parse(node.ToJsonString()).RootElement);
    }

    private static void Prefix(System.Text.Json.Nodes.JsonObject owner, string key)
    {
        if (owner[key] is System.Text.Json.Nodes.JsonValue value
            && value.TryGetValue(out string? id)
            && id.Length > 0
            && !id.StartsWith("functions.", StringComparison.Ordinal))
        {
            owner[key] = "functions." + id;
        }
    }

    private static byte[] Forwarded(byte[] original, RequestInspection inspection) =>
        inspection.RewrittenBody is { } rewritten ? rewritten.ToArray() : original;
}
