using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace K2VV.Verification.Rewriting;

/// <summary>
/// The canonical history id rewrite of one request: every assistant tool call is renamed
/// <c>functions.{name}:{idx}</c>, idx counting the conversation's tool calls from 0, and each tool message
/// takes the new id of the call whose result it carries.
/// </summary>
/// <remarks>
/// A tool message is paired by its old id with an unpaired call of the closest tool-call message before
/// it, then of older ones, repeated ids first-in-first-out. A missing or unknown id takes the next
/// unpaired call of the closest tool-call message. With none left, the message is an orphan and stays as
/// it is. Pairing is amortized O(1) per message, so a hostile history cannot make it quadratic.
/// NOTE: the rewrite is idempotent unless an orphan result carries an id that looks canonical: in a second
/// pass that id can match a renamed call and shift later pairings.
/// </remarks>
internal sealed class CanonicalIdRewrite(ReadOnlyMemory<byte> body, ArrayPool<byte>? pool)
{
    private readonly List<HistoryCall> calls = [];
    private readonly List<IdGroup> groups = [];
    private readonly Dictionary<string, int> topGroupById = new(StringComparer.Ordinal);
    private List<IdEdit>? edits;

    private int toolCallCount;
    private int messageOrdinal;
    private int closestMessageCursor;
    private int closestMessageEnd;

    private int renamed;
    private int renumbered;
    private int positionalMatches;
    private int orphans;
    private RewriteFlags flags;

    /// <summary>Rewrites the ids of <paramref name="messages"/>, a JSON array.</summary>
    public HistoryRewriteResult Run(JsonElement messages)
    {
        foreach (var message in messages.EnumerateArray())
        {
            if (HistoryIdRewriter.TryGetToolCalls(message, out var toolCalls))
            {
                VisitAssistant(toolCalls);
            }
            else if (HistoryIdRewriter.IsToolMessage(message))
            {
                VisitToolMessage(message);
            }
        }

        var report = renamed + renumbered + positionalMatches + orphans == 0 && flags == RewriteFlags.None
            ? RewriteReport.None
            : new RewriteReport(renamed, renumbered, positionalMatches, orphans, RewriteFlagNames.ToNames(flags));
        ReadOnlyMemory<byte>? rewritten = null;
        if (edits is not null)
        {
            rewritten = BodySplicer.Apply(body.Span, edits, pool);
        }

        return new HistoryRewriteResult(toolCallCount, rewritten, report);
    }

    private void VisitAssistant(JsonElement toolCalls)
    {
        int firstCall = calls.Count;
        int ordinal = messageOrdinal + 1;
        foreach (var call in toolCalls.EnumerateArray())
        {
            int index = toolCallCount++;
            if (call.ValueKind == JsonValueKind.Object)
            {
                AddCall(call, index, ordinal);
            }
        }

        if (calls.Count > firstCall)
        {
            messageOrdinal = ordinal;
            closestMessageCursor = firstCall;
            closestMessageEnd = calls.Count;
        }
    }

    private void AddCall(JsonElement call, int index, int ordinal)
    {
        bool hasId = call.TryGetProperty("id"u8, out var id);
        bool hasStringId = hasId && id.ValueKind == JsonValueKind.String;
        var name = default(JsonElement);
        bool hasName = call.TryGetProperty("function"u8, out var function)
            && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name"u8, out name)
            && name.ValueKind == JsonValueKind.String;

        var entry = new HistoryCall { MessageOrdinal = ordinal, Index = index, NextWithSameId = -1 };
        if (hasName)
        {
            entry.HasNewId = true;
            entry.NewIdIsCanonical = true;
            entry.NewIdSource = name;
            var nameValue = JsonStrings.Unescaped(name);
            var oldValue = hasStringId ? JsonStrings.Unescaped(id) : default;
            if (!hasStringId || !CanonicalId.Equals(oldValue, nameValue, index))
            {
                CountRename(hasStringId, oldValue, nameValue);
                AddIdEdit(call, hasId ? id : null, InsertedKey.Id, NewIdText(entry));
            }
        }
        else if (hasStringId)
        {
            // NOTE: a call without a function name cannot be named canonically, so it keeps its id but still uses an index.
            entry.HasNewId = true;
            entry.NewIdSource = id;
        }

        int position = calls.Count;
        calls.Add(entry);
        if (hasStringId)
        {
            AddToIdGroup(id.GetString()!, position, ordinal);
        }
    }

    private void CountRename(bool hadStringId, ReadOnlySpan<byte> oldValue, ReadOnlySpan<byte> name)
    {
        if (!hadStringId || !CanonicalId.TryGetName(oldValue, out var oldName))
        {
            renamed++;
        }
        else if (oldName.SequenceEqual(name))
        {
            renumbered++;
            flags |= RewriteFlags.RenumberedWellformedId;
        }
        else
        {
            renamed++;
            flags |= RewriteFlags.IdNameMismatch;
        }
    }

    private void AddToIdGroup(string oldId, int position, int ordinal)
    {
        ref int top = ref CollectionsMarshal.GetValueRefOrAddDefault(topGroupById, oldId, out bool seenBefore);
        if (seenBefore && top >= 0 && groups[top].MessageOrdinal == ordinal)
        {
            flags |= RewriteFlags.DuplicateIdWithinTurn;
            ref var group = ref CollectionsMarshal.AsSpan(groups)[top];
            CollectionsMarshal.AsSpan(calls)[group.Back].NextWithSameId = position;
            group.Back = position;
            return;
        }

        if (seenBefore)
        {
            flags |= RewriteFlags.DuplicateIdAcrossTurns;
        }

        groups.Add(new IdGroup { MessageOrdinal = ordinal, Front = position, Back = position, Below = seenBefore ? top : -1 });
        top = groups.Count - 1;
    }

    private void VisitToolMessage(JsonElement message)
    {
        bool hasId = message.TryGetProperty("tool_call_id"u8, out var id);
        bool hasStringId = hasId && id.ValueKind == JsonValueKind.String;
        int match = hasStringId ? TakeById(id.GetString()!) : -1;
        if (match < 0)
        {
            match = TakeNextOfClosestMessage();
            if (match < 0)
            {
                orphans++;
                flags |= RewriteFlags.OrphanToolMessage;
                return;
            }

            positionalMatches++;
            flags |= hasStringId ? RewriteFlags.UnknownIdPositionalMatch : RewriteFlags.MissingIdPositionalMatch;
        }

        var call = calls[match];
        if (!call.HasNewId || (hasStringId && NewIdEquals(call, JsonStrings.Unescaped(id))))
        {
            return;
        }

        AddIdEdit(message, hasId ? id : null, InsertedKey.ToolCallId, NewIdText(call));
    }

    private int TakeById(string oldId)
    {
        ref int top = ref CollectionsMarshal.GetValueRefOrNullRef(topGroupById, oldId);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref top))
        {
            return -1;
        }

        var callSpan = CollectionsMarshal.AsSpan(calls);
        while (top >= 0)
        {
            ref var group = ref CollectionsMarshal.AsSpan(groups)[top];
            while (group.Front >= 0 && callSpan[group.Front].Paired)
            {
                group.Front = callSpan[group.Front].NextWithSameId;
            }

            if (group.Front >= 0)
            {
                callSpan[group.Front].Paired = true;
                return group.Front;
            }

            // Every call of this group is paired, and a group never grows once its message is read.
            top = group.Below;
        }

        return -1;
    }

    private int TakeNextOfClosestMessage()
    {
        var callSpan = CollectionsMarshal.AsSpan(calls);
        while (closestMessageCursor < closestMessageEnd && callSpan[closestMessageCursor].Paired)
        {
            closestMessageCursor++;
        }

        if (closestMessageCursor == closestMessageEnd)
        {
            return -1;
        }

        callSpan[closestMessageCursor].Paired = true;
        return closestMessageCursor++;
    }

    private static bool NewIdEquals(in HistoryCall call, ReadOnlySpan<byte> value) =>
        call.NewIdIsCanonical
            ? CanonicalId.Equals(value, JsonStrings.Unescaped(call.NewIdSource), call.Index)
            : value.SequenceEqual(JsonStrings.Unescaped(call.NewIdSource));

    private IdText NewIdText(in HistoryCall call)
    {
        var raw = JsonStrings.Raw(call.NewIdSource);
        int start = JsonStrings.OffsetIn(body.Span, raw);
        return new IdText(start + 1, raw.Length - 2, call.NewIdIsCanonical, call.NewIdIsCanonical ? call.Index : -1);
    }

    // Replaces the id value when the key exists (whatever its type), otherwise adds the key before the closing brace.
    private void AddIdEdit(JsonElement owner, JsonElement? existing, InsertedKey key, IdText text)
    {
        var span = body.Span;
        IdEdit edit;
        if (existing is { } value)
        {
            var raw = JsonStrings.Raw(value);
            edit = new IdEdit(JsonStrings.OffsetIn(span, raw), raw.Length, InsertedKey.None, NeedsComma: false, text);
        }
        else
        {
            var raw = JsonStrings.Raw(owner);
            bool hasMembers = owner.EnumerateObject().MoveNext();
            edit = new IdEdit(JsonStrings.OffsetIn(span, raw) + raw.Length - 1, 0, key, hasMembers, text);
        }

        (edits ??= []).Add(edit);
    }
}
