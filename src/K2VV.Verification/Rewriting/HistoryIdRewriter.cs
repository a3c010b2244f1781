using System.Buffers;
using System.Text.Json;

namespace K2VV.Verification.Rewriting;

/// <summary>Rewrites the tool-call ids of a request's message history in one of the <see cref="ToolIdRewriteMode"/> modes.</summary>
internal static class HistoryIdRewriter
{
    /// <summary>
    /// Counts the history's tool calls and rewrites their ids in <paramref name="mode"/>.
    /// </summary>
    /// <param name="body">The request body that <paramref name="root"/> was parsed from in place.</param>
    /// <param name="root">The body's root object.</param>
    /// <param name="mode">The rewrite mode.</param>
    /// <param name="pool">Rents the rewritten body's array when given; null allocates it.</param>
    public static HistoryRewriteResult Rewrite(ReadOnlyMemory<byte> body, JsonElement root, ToolIdRewriteMode mode, ArrayPool<byte>? pool)
    {
        if (!root.TryGetProperty("messages"u8, out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return new HistoryRewriteResult(0, null, RewriteReport.None);
        }

        return mode switch
        {
            ToolIdRewriteMode.Canonical => new CanonicalIdRewrite(body, pool).Run(messages),
            ToolIdRewriteMode.PrefixOnly => RewritePrefixOnly(body.Span, messages, pool),
            _ => new HistoryRewriteResult(CountToolCalls(messages), null, RewriteReport.None),
        };
    }

    /// <summary>Returns the <c>tool_calls</c> array of an assistant message, or false for any other message.</summary>
    public static bool TryGetToolCalls(JsonElement message, out JsonElement toolCalls)
    {
        toolCalls = default;
        return message.ValueKind == JsonValueKind.Object
            && message.TryGetProperty("role"u8, out var role)
            && role.ValueKind == JsonValueKind.String
            && role.ValueEquals("assistant"u8)
            && message.TryGetProperty("tool_calls"u8, out toolCalls)
            && toolCalls.ValueKind == JsonValueKind.Array;
    }

    /// <summary>Tests whether a message is a <c>tool</c> message object.</summary>
    public static bool IsToolMessage(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("role"u8, out var role)
        && role.ValueKind == JsonValueKind.String
        && role.ValueEquals("tool"u8);

    private static int CountToolCalls(JsonElement messages)
    {
        int count = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (TryGetToolCalls(message, out var toolCalls))
            {
                count += toolCalls.GetArrayLength();
            }
        }

        return count;
    }

    // K2VV's own dataset fix: ids and result ids that lack the "functions." prefix get it, nothing else changes.
    private static HistoryRewriteResult RewritePrefixOnly(ReadOnlySpan<byte> body, JsonElement messages, ArrayPool<byte>? pool)
    {
        int count = 0;
        int renamed = 0;
        List<IdEdit>? edits = null;
        foreach (var message in messages.EnumerateArray())
        {
            if (TryGetToolCalls(message, out var toolCalls))
            {
                foreach (var call in toolCalls.EnumerateArray())
                {
                    count++;
                    if (call.ValueKind == JsonValueKind.Object
                        && call.TryGetProperty("id"u8, out var id)
                        && TryAddPrefixEdit(body, id, ref edits))
                    {
                        renamed++;
                    }
                }
            }
            else if (IsToolMessage(message) && message.TryGetProperty("tool_call_id"u8, out var toolCallId))
            {
                TryAddPrefixEdit(body, toolCallId, ref edits);
            }
        }

        if (edits is null)
        {
            return new HistoryRewriteResult(count, null, RewriteReport.None);
        }

        var report = new RewriteReport(renamed, 0, 0, 0, []);
        return new HistoryRewriteResult(count, BodySplicer.Apply(body, edits, pool), report);
    }

    private static bool TryAddPrefixEdit(ReadOnlySpan<byte> body, JsonElement id, ref List<IdEdit>? edits)
    {
        if (id.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var value = JsonStrings.Unescaped(id);
        if (value.IsEmpty || value.StartsWith(CanonicalId.Prefix))
        {
            return false;
        }

        var raw = JsonStrings.Raw(id);
        int start = JsonStrings.OffsetIn(body, raw);
        var text = new IdText(start + 1, raw.Length - 2, AddPrefix: true, Index: -1);
        (edits ??= []).Add(new IdEdit(start, raw.Length, InsertedKey.None, NeedsComma: false, text));
        return true;
    }
}
