using System.Text.Json.Nodes;

namespace K2VV.Verification.Streaming;

/// <summary>
/// One upstream response after accumulation, in two views: the reference's (K2VV's stream
/// accumulation, for the K2VV verdict) and a correct one (for the strict findings).
/// </summary>
public sealed class AccumulatedResponse
{
    /// <summary>The upstream HTTP status.</summary>
    public int StatusCode { get; init; }

    /// <summary>True when the body was an SSE stream.</summary>
    public bool IsStream { get; init; }

    /// <summary>Token usage from the final usage chunk or the body's <c>usage</c>.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>
    /// Builds the <c>response</c> object the reference writes to results.jsonl: the parsed body
    /// for JSON responses, the reference's accumulated dict for streams; null when the reference
    /// would record a failure instead.
    /// </summary>
    /// <param name="requestModel">The request's model, which the reference copies into streamed responses.</param>
    public JsonObject? ToK2vvResponse(string? requestModel) => throw new NotImplementedException();
}
