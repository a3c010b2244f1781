namespace K2VV.Proxy.Metrics;

/// <summary>The closed set of <c>outcome</c> values of <c>k2vv_shadow_requests_total</c>.</summary>
internal static class ShadowOutcomes
{
    /// <summary>Every outcome: the official API answered, the queue was full, or the request failed.</summary>
    public static IReadOnlyList<string> All { get; } = ["completed", "dropped", "failed"];
}
