using System.Text.Json;

namespace K2VV.Verification.Rewriting;

/// <summary>One assistant tool call of the history, as the canonical rewrite tracks it.</summary>
internal struct HistoryCall
{
    /// <summary>Ordinal of the assistant message that contains the call, counting tool-call messages.</summary>
    public int MessageOrdinal;

    /// <summary>The call's index among all tool calls of the conversation.</summary>
    public int Index;

    /// <summary>True when the call has an id after the rewrite; false when it has none to hand to its result.</summary>
    public bool HasNewId;

    /// <summary>True when the new id is <c>functions.{name}:{Index}</c>; false when the call keeps its own id.</summary>
    public bool NewIdIsCanonical;

    /// <summary>The function name for a canonical new id, otherwise the call's own id value.</summary>
    public JsonElement NewIdSource;

    /// <summary>True once a tool message has been paired with the call.</summary>
    public bool Paired;

    /// <summary>The next call with the same old id in the same message, or -1.</summary>
    public int NextWithSameId;
}
