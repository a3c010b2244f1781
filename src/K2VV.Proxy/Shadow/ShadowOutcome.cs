namespace K2VV.Proxy.Shadow;

/// <summary>
/// What became of one sampled request. Each sampled request is counted once in
/// <c>k2vv_shadow_requests_total</c>, except a pair still waiting for its second result when the proxy stops.
/// </summary>
internal enum ShadowOutcome
{
    /// <summary>The official response had a K2VV finish reason and the pair was compared.</summary>
    Completed,

    /// <summary>
    /// No comparison was recorded: the queue was full, the per-minute budget was spent, the
    /// proxy stopped first, the client disconnected before the vendor's response ended, or one
    /// half of the pair was missing after the pairing time limit.
    /// </summary>
    Dropped,

    /// <summary>
    /// The official request failed (connection error, timeout, HTTP error, error body, cut-off
    /// stream); the pair was still compared with the official side counted as "not tool_calls".
    /// </summary>
    Failed,
}
