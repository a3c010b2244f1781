using System.Text.Json;
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

    /// <summary>How the body ended.</summary>
    public StreamEnd End { get; init; }

    /// <summary>The accumulated <c>content</c>, or null when no fragment carried one.</summary>
    public string? Content { get; init; }

    /// <summary>The accumulated <c>reasoning_content</c> (or <c>reasoning</c>), or null when absent.</summary>
    public string? ReasoningContent { get; init; }

    /// <summary>Tool calls of the first choice, accumulated correctly.</summary>
    public IReadOnlyList<AccumulatedToolCall> ToolCalls { get; init; } = [];

    /// <summary>The first choice's finish reason, or null when none was sent.</summary>
    public string? FinishReason { get; init; }

    /// <summary>True when a stream carried the <c>data: [DONE]</c> marker.</summary>
    public bool HasDoneMarker { get; init; }

    /// <summary>Completion chunks in a stream (events parsed as JSON without an error).</summary>
    public int ChunkCount { get; init; }

    /// <summary>True when a non-streaming body was a JSON document.</summary>
    public bool IsJsonBody { get; init; }

    /// <summary>Bytes of the decoded body.</summary>
    public long BodyLength { get; init; }

    /// <summary>Stream events whose data was neither JSON nor <c>[DONE]</c>.</summary>
    public int MalformedEventCount { get; init; }

    /// <summary>True when a stream event carried an <c>error</c> payload.</summary>
    public bool HasErrorInStream { get; init; }

    /// <summary>True when a successful JSON body carried an <c>error</c> member.</summary>
    public bool HasErrorInBody { get; init; }

    /// <summary>True when two parallel calls in a stream shared one <c>index</c> with different ids.</summary>
    public bool ParallelCallsShareIndex { get; init; }

    /// <summary>True when text, calls or events beyond the limits were dropped; findings may then be incomplete.</summary>
    public bool IsCapped { get; init; }

    /// <summary>Why the response could not be verified at all (for example an unknown encoding), or null.</summary>
    public string? UnverifiedReason { get; init; }

    /// <summary>Why the reference would record this response as failed, or null when it records it.</summary>
    public string? ReferenceFailure { get; init; }

    /// <summary>The parsed JSON body, for non-streaming responses.</summary>
    internal JsonElement? Body { get; init; }

    /// <summary>The reference's stream accumulation, for streams.</summary>
    internal ReferenceStreamAccumulation? ReferenceStream { get; init; }

    /// <summary>
    /// Builds the <c>response</c> object the reference writes to results.jsonl: the parsed body
    /// for JSON responses, the reference's accumulated dict for streams; null when the reference
    /// would record a failure instead.
    /// </summary>
    /// <param name="requestModel">The request's model, which the reference copies into streamed responses.</param>
    public JsonObject? ToK2vvResponse(string? requestModel)
    {
        if (ReferenceFailure is not null)
        {
            return null;
        }

        if (ReferenceStream is not null)
        {
            return ReferenceStream.Build(requestModel);
        }

        if (Body is not { ValueKind: JsonValueKind.Object } body)
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(body.GetRawText()) as JsonObject;
            Materialize(node);
            return node;
        }
        catch (ArgumentException)
        {
            // NOTE: JsonObject rejects duplicate keys, which Python keeps (the last one wins).
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // JsonNode reads nested objects lazily, so a duplicate key deep inside would throw later, in the caller.
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj)
                {
                    Materialize(property.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Materialize(item);
                }

                break;
        }
    }

    /// <summary>
    /// Reads a <c>response</c> object recorded in a K2VV results file as a successful JSON body,
    /// so the same verdict code can score it offline.
    /// </summary>
    public static AccumulatedResponse FromRecordedResponse(JsonElement response)
    {
        using var accumulator = new ResponseAccumulator(200, "application/json", null, requestedStream: false);
        accumulator.Append(JsonSerializer.SerializeToUtf8Bytes(response));
        return accumulator.Complete(StreamEnd.Clean);
    }
}
