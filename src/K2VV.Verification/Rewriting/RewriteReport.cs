namespace K2VV.Verification.Rewriting;

/// <summary>Counts of what the history id rewrite changed in one request.</summary>
/// <param name="Renamed">Ids that were not canonical and were renamed.</param>
/// <param name="Renumbered">Canonical ids whose index was corrected.</param>
/// <param name="PositionalMatches">Tool messages paired with a call by position because their id was missing or unknown.</param>
/// <param name="Orphans">Tool messages left untouched because no unanswered call was left.</param>
/// <param name="Flags">Stable flag names for what was seen, such as <c>duplicate_id_across_turns</c>.</param>
public sealed record RewriteReport(
    int Renamed,
    int Renumbered,
    int PositionalMatches,
    int Orphans,
    IReadOnlyList<string> Flags)
{
    /// <summary>A report for a request where nothing was rewritten.</summary>
    public static RewriteReport None { get; } = new(0, 0, 0, 0, []);

    /// <summary>Ids changed in total.</summary>
    public int Changed => Renamed + Renumbered;
}
