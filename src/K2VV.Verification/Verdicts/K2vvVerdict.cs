using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Requests;
using K2VV.Verification.Schemas;

namespace K2VV.Verification.Verdicts;

/// <summary>
/// The reference's <c>finish_reason</c> and <c>tool_calls_valid</c> of one recorded
/// <c>response</c> object, quirks included.
/// </summary>
internal static class K2vvVerdict
{
    /// <summary>Computes the verdict the reference writes for <paramref name="response"/> (null when it recorded a failure).</summary>
    public static (string? FinishReason, bool? ToolCallsValid) Compute(
        JsonObject? response, IReadOnlyList<ToolDefinition> tools, ToolSchemaValidator validator) =>
        Compute(response, tools, new ArgumentsCheckMemo(validator));

    /// <summary>Computes the verdict, checking arguments through <paramref name="checks"/>.</summary>
    public static (string? FinishReason, bool? ToolCallsValid) Compute(
        JsonObject? response, IReadOnlyList<ToolDefinition> tools, ArgumentsCheckMemo checks)
    {
        if (response?["choices"] is not JsonArray { Count: > 0 } choices || choices[0] is not JsonObject choice)
        {
            return (null, null);
        }

        var finishReason = choice["finish_reason"] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var other => other.ToJsonString(),
        };
        if (finishReason != "tool_calls")
        {
            return (finishReason, null);
        }

        // `choice.get("message", {}).get("tool_calls", [])`, then `if tool_calls:`.
        if (choice["message"] is not JsonObject message || message["tool_calls"] is not JsonArray { Count: > 0 } toolCalls)
        {
            return (finishReason, null);
        }

        // all() stops at the first invalid call; the result is the same.
        return (finishReason, toolCalls.All(call => IsValidCall(call, tools, checks)));
    }

    /// <summary>Validates one call as the reference does: every exception there means false.</summary>
    private static bool IsValidCall(JsonNode? call, IReadOnlyList<ToolDefinition> tools, ArgumentsCheckMemo checks)
    {
        if (call is not JsonObject { } callObject
            || callObject["function"] is not JsonObject function
            || !function.TryGetPropertyValue("name", out var nameNode))
        {
            return false;
        }

        var name = nameNode is JsonValue nameValue && nameValue.TryGetValue<string>(out var text) ? text : null;
        ToolDefinition? tool = null;
        foreach (var candidate in tools)
        {
            // A tool without function.name raises KeyError while the reference scans for a match.
            if (candidate.Name is null)
            {
                return false;
            }

            if (name is not null && candidate.Name == name)
            {
                tool = candidate;
                break;
            }
        }

        if (tool?.Parameters is not { } schema || !SchemaTruthiness.IsTruthy(schema))
        {
            return false;
        }

        if (!function.TryGetPropertyValue("arguments", out var arguments))
        {
            return false;
        }

        var argumentsElement = arguments is null
            ? JsonDocument.Parse("null").RootElement
            : JsonSerializer.SerializeToElement(arguments);
        return checks.CheckArguments(schema, argumentsElement).IsValid;
    }
}
