namespace K2VV.Verification.Rewriting;

/// <summary>
/// The calls of one assistant message that share an old id, in order. Groups of one id form a stack,
/// newest message on top, so a tool message is paired with the closest message first and in FIFO order.
/// </summary>
internal struct IdGroup
{
    /// <summary>Ordinal of the message the calls belong to.</summary>
    public int MessageOrdinal;

    /// <summary>The first call that may still be unpaired, or -1.</summary>
    public int Front;

    /// <summary>The last call of the group.</summary>
    public int Back;

    /// <summary>The group of the same id in an older message, or -1.</summary>
    public int Below;
}
