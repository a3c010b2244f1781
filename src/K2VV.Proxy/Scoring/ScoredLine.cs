namespace K2VV.Proxy.Scoring;

/// <summary>One results line after its verdict was recomputed.</summary>
/// <param name="LineNumber">The 1-based line number in the results file.</param>
/// <param name="DataIndex">The line's <c>data_index</c>, or its line number when absent.</param>
/// <param name="Recorded">The <c>tool_calls_valid</c> written in the file.</param>
/// <param name="Recomputed">The <c>tool_calls_valid</c> recomputed from the recorded response.</param>
/// <param name="FinishReason">The recomputed K2VV finish reason.</param>
/// <param name="Findings">Strict finding slugs of the recorded response.</param>
internal sealed record ScoredLine(
    int LineNumber,
    long DataIndex,
    bool? Recorded,
    bool? Recomputed,
    string? FinishReason,
    IReadOnlyList<string> Findings)
{
    /// <summary>True when the recorded and recomputed verdicts are equal (null included).</summary>
    public bool Agrees => Recorded == Recomputed;
}
