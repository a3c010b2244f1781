namespace K2VV.Proxy.Metrics;

/// <summary>Maps a response's finish reason to the closed <c>finish_reason</c> label set.</summary>
internal static class FinishReasonLabels
{
    /// <summary>The label of a response without a finish reason.</summary>
    public const string None = "none";

    /// <summary>Returns <c>stop</c>, <c>tool_calls</c>, <c>length</c>, <c>content_filter</c>, <c>other</c> or <c>none</c>.</summary>
    public static string Resolve(string? finishReason) => finishReason switch
    {
        null => None,
        "stop" or "tool_calls" or "length" or "content_filter" => finishReason,
        _ => "other",
    };
}
