using System.Text.Json;

namespace K2VV.Verification.Streaming;

/// <summary>Token counts from a response's <c>usage</c> object.</summary>
public sealed record TokenUsage(long PromptTokens, long CompletionTokens, long TotalTokens)
{
    /// <summary>Reads a <c>usage</c> object; returns null when <paramref name="usage"/> is not an object with token counts.</summary>
    internal static TokenUsage? TryRead(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var prompt = ReadCount(usage, "prompt_tokens");
        var completion = ReadCount(usage, "completion_tokens");
        var total = ReadCount(usage, "total_tokens");
        if (prompt is null && completion is null && total is null)
        {
            return null;
        }

        return new TokenUsage(prompt ?? 0, completion ?? 0, total ?? (prompt ?? 0) + (completion ?? 0));
    }

    private static long? ReadCount(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count)
            ? count
            : null;
}
