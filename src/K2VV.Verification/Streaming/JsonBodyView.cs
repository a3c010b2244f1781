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
        var hasError = JsonTruthiness.IsTruthy(JsonTruthiness.Get(body, "error"u8));
        var usage = TokenUsage.TryRead(JsonTruthiness.Get(body, "usage"u8));
        var choice = FirstChoice(JsonTruthiness.Get(body, "choices"u8));
        var message = JsonTruthiness.Get(choice, "message"u8);
        var reasoning = JsonTruthiness.GetString(JsonTruthiness.Get(message, "reasoning_content"u8))
            ?? JsonTruthiness.GetString(JsonTruthiness.Get(message, "reasoning"u8));
        var finishReason = JsonTruthiness.GetString(JsonTruthiness.Get(choice, "finish_reason"u8));

        List<AccumulatedToolCall> calls = [];
        var toolCalls = JsonTruthiness.Get(message, "tool_calls"u8);
        if (toolCalls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in toolCalls.EnumerateArray())
            {
                var function = JsonTruthiness.Get(call, "function"u8);
                calls.Add(new AccumulatedToolCall(
                    calls.Count,
                    JsonTruthiness.GetString(JsonTruthiness.Get(call, "id"u8)),
                    JsonTruthiness.GetString(JsonTruthiness.Get(call, "type"u8)),
                    JsonTruthiness.GetString(JsonTruthiness.Get(function, "name"u8)),
                    JsonTruthiness.Get(function, "arguments"u8).Clone(),
                    ArgumentsCapped: false));
            }
        }

        return new JsonBodyView(
            JsonTruthiness.GetString(JsonTruthiness.Get(message, "content"u8)),
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
            var index = JsonTruthiness.Get(choice, "index"u8);
            if (index.ValueKind != JsonValueKind.Number || (index.TryGetInt32(out var number) && number == 0))
            {
                return choice;
            }
        }

        return default;
    }
}
