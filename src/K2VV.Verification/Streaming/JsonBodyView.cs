using System.Text.Json;

namespace K2VV.Verification.Streaming;

/// <summary>The correct view of a non-streaming chat-completion body.</summary>
internal sealed record JsonBodyView(
    string? Content,
    string? ReasoningContent,
    IReadOnlyList<AccumulatedToolCall> ToolCalls,
    string? FinishReason,
    TokenUsage? Usage,
    bool HasError)
{
    public static JsonBodyView Read(JsonElement body)
    {
        var hasError = JsonTruthiness.IsTruthy(JsonTruthiness.Get(body, "error"));
        var usage = TokenUsage.TryRead(JsonTruthiness.Get(body, "usage"));
        var choice = FirstChoice(JsonTruthiness.Get(body, "choices"));
        var message = JsonTruthiness.Get(choice, "message");
        var reasoning = JsonTruthiness.GetString(JsonTruthiness.Get(message, "reasoning_content"))
            ?? JsonTruthiness.GetString(JsonTruthiness.Get(message, "reasoning"));
        var finishReason = JsonTruthiness.GetString(JsonTruthiness.Get(choice, "finish_reason"));

        List<AccumulatedToolCall> calls = [];
        var toolCalls = JsonTruthiness.Get(message, "tool_calls");
        if (toolCalls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in toolCalls.EnumerateArray())
            {
                var function = JsonTruthiness.Get(call, "function");
                calls.Add(new AccumulatedToolCall(
                    calls.Count,
                    JsonTruthiness.GetString(JsonTruthiness.Get(call, "id")),
                    JsonTruthiness.GetString(JsonTruthiness.Get(call, "type")),
                    JsonTruthiness.GetString(JsonTruthiness.Get(function, "name")),
                    JsonTruthiness.Get(function, "arguments").Clone(),
                    ArgumentsCapped: false));
            }
        }

        return new JsonBodyView(
            JsonTruthiness.GetString(JsonTruthiness.Get(message, "content")),
            reasoning,
            calls,
            string.IsNullOrEmpty(finishReason) ? null : finishReason,
            usage,
            hasError);
    }

    private static JsonElement FirstChoice(JsonElement choices)
    {
        if (choices.ValueKind != JsonValueKind.Array)
        {
            return default;
        }

        foreach (var choice in choices.EnumerateArray())
        {
            var index = JsonTruthiness.Get(choice, "index");
            if (index.ValueKind != JsonValueKind.Number || (index.TryGetInt32(out var number) && number == 0))
            {
                return choice;
            }
        }

        return default;
    }
}
