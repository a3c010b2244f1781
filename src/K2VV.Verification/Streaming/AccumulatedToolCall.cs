using System.Text.Json;

namespace K2VV.Verification.Streaming;

/// <summary>One tool call of a response, accumulated correctly (parallel calls kept apart).</summary>
/// <param name="Index">The <c>index</c> of its stream fragments, or its position in a JSON body.</param>
/// <param name="Id">The <c>id</c>, or null when no fragment carried a string id.</param>
/// <param name="Type">The <c>type</c>, or null when absent.</param>
/// <param name="Name">The <c>function.name</c>, or null when no fragment carried a string name.</param>
/// <param name="Arguments">The <c>function.arguments</c> value: a JSON string for concatenated stream fragments; as sent for JSON bodies (undefined when absent).</param>
/// <param name="ArgumentsCapped">True when the arguments were longer than the limit and were cut.</param>
public sealed record AccumulatedToolCall(
    int? Index,
    string? Id,
    string? Type,
    string? Name,
    JsonElement Arguments,
    bool ArgumentsCapped)
{
    /// <summary>The arguments when they are a JSON string, else null.</summary>
    public string? ArgumentsText => Arguments.ValueKind == JsonValueKind.String ? Arguments.GetString() : null;
}
