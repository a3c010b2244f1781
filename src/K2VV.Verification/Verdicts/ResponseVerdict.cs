using K2VV.Verification.Streaming;

namespace K2VV.Verification.Verdicts;

/// <summary>
/// Everything verification concluded about one response.
/// </summary>
/// <param name="FinishReason">The response's own finish reason (correct accumulation), or null when missing.</param>
/// <param name="K2vvFinishReason">The finish reason as the reference records it (a stream without one becomes <c>stop</c>; failures give null).</param>
/// <param name="ToolCallCount">Tool calls in the response (correct accumulation).</param>
/// <param name="ToolCallsValid">The reference's <c>tool_calls_valid</c> as it writes it to results.jsonl: null unless the K2VV finish reason is <c>tool_calls</c> with at least one call.</param>
/// <param name="Findings">Strict finding slugs, each at most once, in a stable order.</param>
/// <param name="Usage">Token usage, when the response carried it.</param>
public sealed record ResponseVerdict(
    string? FinishReason,
    string? K2vvFinishReason,
    int ToolCallCount,
    bool? ToolCallsValid,
    IReadOnlyList<string> Findings,
    TokenUsage? Usage)
{
    /// <summary>True when the response counts toward K2VV schema accuracy (finish reason <c>tool_calls</c>).</summary>
    public bool IsToolCallResponse => K2vvFinishReason == "tool_calls";

    /// <summary>True when the response counts as a successful tool call; a null verdict counts as a failure.</summary>
    public bool IsSchemaValid => IsToolCallResponse && ToolCallsValid == true;
}
