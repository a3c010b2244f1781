namespace K2VV.Verification.Rewriting;

/// <summary>Stable names of <see cref="RewriteFlags"/> values, as reports and metrics carry them.</summary>
internal static class RewriteFlagNames
{
    private static readonly (RewriteFlags Flag, string Name)[] Names =
    [
        (RewriteFlags.MissingIdPositionalMatch, "missing_id_positional_match"),
        (RewriteFlags.UnknownIdPositionalMatch, "unknown_id_positional_match"),
        (RewriteFlags.DuplicateIdAcrossTurns, "duplicate_id_across_turns"),
        (RewriteFlags.DuplicateIdWithinTurn, "duplicate_id_within_turn"),
        (RewriteFlags.RenumberedWellformedId, "renumbered_wellformed_id"),
        (RewriteFlags.IdNameMismatch, "id_name_mismatch"),
        (RewriteFlags.OrphanToolMessage, "orphan_tool_message"),
    ];

    /// <summary>Lists the names of the flags set in <paramref name="flags"/>, always in the same order.</summary>
    public static IReadOnlyList<string> ToNames(RewriteFlags flags)
    {
        if (flags == RewriteFlags.None)
        {
            return [];
        }

        var names = new List<string>(4);
        foreach (var (flag, name) in Names)
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
