namespace K2VV.Verification.Rewriting;

/// <summary>Outcome of the history id rewrite of one request.</summary>
/// <param name="HistoryToolCallCount">Tool calls in the assistant messages of the history.</param>
/// <param name="Body">The rewritten body, or null when no byte changed.</param>
/// <param name="Report">What the rewrite changed and saw.</param>
internal readonly record struct HistoryRewriteResult(int HistoryToolCallCount, ReadOnlyMemory<byte>? Body, RewriteReport Report);
