using System.Text.Json;

namespace K2VV.Verification.Requests;

/// <summary>
/// One entry of a request's <c>tools</c> array, as the reference reads it.
/// </summary>
/// <param name="Name">The <c>function.name</c>, or null when the entry has no function or no string name.</param>
/// <param name="Parameters">The <c>function.parameters</c> value, or null when the key is absent.</param>
public sealed record ToolDefinition(string? Name, JsonElement? Parameters);
