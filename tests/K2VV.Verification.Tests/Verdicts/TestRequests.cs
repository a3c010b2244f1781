using System.Text.Json;
using K2VV.Verification.Requests;

namespace K2VV.Verification.Tests.Verdicts;

/// <summary>
/// Builds a <see cref="ChatRequest"/> straight from a case's request JSON, for verdict tests
/// that must not depend on the request parser.
/// </summary>
internal static class TestRequests
{
    public static ChatRequest From(JsonElement request)
    {
        var tools = new List<ToolDefinition>();
        if (request.TryGetProperty("tools", out var toolArray) && toolArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in toolArray.EnumerateArray())
            {
                var function = tool.TryGetProperty("function", out var f) ? f : default;
                var name = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                JsonElement? parameters = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("parameters", out var p) ? p.Clone() : null;
                tools.Add(new ToolDefinition(name, parameters));
            }
        }

        var (choice, choiceName) = request.TryGetProperty("tool_choice", out var toolChoice) ? ReadToolChoice(toolChoice) : (ToolChoiceKind.Auto, null);
        var history = 0;
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            if (message.TryGetProperty("role", out var role) && role.GetString() == "assistant"
                && message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                history += calls.GetArrayLength();
            }
        }

        return new ChatRequest(
            request.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null,
            request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            tools,
            choice,
            choiceName,
            history);
    }

    private static (ToolChoiceKind, string?) ReadToolChoice(JsonElement toolChoice) => toolChoice.ValueKind switch
    {
        JsonValueKind.String when toolChoice.GetString() == "none" => (ToolChoiceKind.None, null),
        JsonValueKind.String when toolChoice.GetString() == "required" => (ToolChoiceKind.Required, null),
        JsonValueKind.Object => (ToolChoiceKind.Named, toolChoice.GetProperty("function").GetProperty("name").GetString()),
        _ => (ToolChoiceKind.Auto, null),
    };
}
