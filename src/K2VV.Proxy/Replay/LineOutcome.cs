using System.Text.Json.Nodes;
using K2VV.Verification.Streaming;

namespace K2VV.Proxy.Replay;

/// <summary>What sending one request produced, before it becomes a results line.</summary>
/// <param name="Succeeded">True when the response is usable, as the reference's <c>success</c>.</param>
/// <param name="Response">The response object, or <c>{"error": "..."}</c> on failure.</param>
/// <param name="FinishReason"><c>choices[0].finish_reason</c>, or null.</param>
/// <param name="ToolCallsValid">The reference's recorded verdict.</param>
/// <param name="Findings">Strict finding slugs, or null when no response was verified.</param>
/// <param name="Usage">Reported token usage.</param>
/// <param name="TtftMs">Time from the first attempt to the response headers of the last one, in milliseconds.</param>
internal sealed record LineOutcome(
    bool Succeeded,
    JsonObject Response,
    string? FinishReason,
    bool? ToolCallsValid,
    IReadOnlyList<string>? Findings,
    TokenUsage? Usage,
    long? TtftMs);
