using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Streaming;

namespace K2VV.Verification.Results;

/// <summary>
/// One line of K2VV's <c>results.jsonl</c>: the reference's fields in its order, then this
/// product's extra fields (<c>extra_body</c>, <c>findings</c>, <c>ttft_ms</c>, <c>usage</c>).
/// </summary>
public sealed class K2vvResult
{
    /// <summary>The status of a line whose request got a usable response.</summary>
    public const string Success = "success";

    /// <summary>The status of a line whose request failed after its retries.</summary>
    public const string Failed = "failed";

    /// <summary>1-based line number of the request in the input file.</summary>
    public int DataIndex { get; init; }

    /// <summary>The prepared request, as hashed.</summary>
    public JsonNode? Request { get; init; }

    /// <summary>The response object, or <c>{"error": "..."}</c> for a failed line.</summary>
    public JsonNode? Response { get; init; }

    /// <summary><see cref="Success"/> or <see cref="Failed"/>.</summary>
    public string? Status { get; init; }

    /// <summary><c>choices[0].finish_reason</c> of the response, or null.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The reference's verdict: null unless the finish reason is <c>tool_calls</c> with calls.</summary>
    public bool? ToolCallsValid { get; init; }

    /// <summary>Local time the line finished, as Python's <c>datetime.now().isoformat()</c> prints it.</summary>
    public string? LastRunAt { get; init; }

    /// <summary>Wall time of the request, retries included, in milliseconds.</summary>
    public long DurationMs { get; init; }

    /// <summary>The reference's request hash, see <see cref="RequestHash"/>.</summary>
    public string? Hash { get; init; }

    /// <summary>The <c>--extra-body</c> object merged into the sent body, when one was given.</summary>
    public JsonNode? ExtraBody { get; init; }

    /// <summary>Strict finding slugs, or null when the line was not verified.</summary>
    public IReadOnlyList<string>? Findings { get; init; }

    /// <summary>Time from the first attempt to the response headers of the last one, in milliseconds.</summary>
    public long? TtftMs { get; init; }

    /// <summary>Token usage the response reported, streamed usage chunks included.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>Builds the JSON object written as one line.</summary>
    public JsonObject ToJsonObject()
    {
        var line = new JsonObject
        {
            ["data_index"] = DataIndex,
            ["request"] = Request?.DeepClone(),
            ["response"] = Response?.DeepClone(),
            ["status"] = Status,
            ["finish_reason"] = FinishReason,
            ["tool_calls_valid"] = ToolCallsValid,
            ["last_run_at"] = LastRunAt,
            ["duration_ms"] = DurationMs,
            ["hash"] = Hash,
        };
        if (ExtraBody is not null)
        {
            line["extra_body"] = ExtraBody.DeepClone();
        }

        if (Findings is not null)
        {
            line["findings"] = new JsonArray([.. Findings.Select(slug => (JsonNode?)JsonValue.Create(slug))]);
        }

        line["ttft_ms"] = TtftMs;
        line["usage"] = Usage is null ? null : UsageToJson(Usage);
        return line;
    }

    /// <summary>Writes the line's JSON object without copying the request and response nodes.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("data_index", DataIndex);
        WriteNode(writer, "request", Request);
        WriteNode(writer, "response", Response);
        writer.WriteString("status", Status);
        writer.WriteString("finish_reason", FinishReason);
        if (ToolCallsValid is { } valid)
        {
            writer.WriteBoolean("tool_calls_valid", valid);
        }
        else
        {
            writer.WriteNull("tool_calls_valid");
        }

        writer.WriteString("last_run_at", LastRunAt);
        writer.WriteNumber("duration_ms", DurationMs);
        writer.WriteString("hash", Hash);
        if (ExtraBody is not null)
        {
            WriteNode(writer, "extra_body", ExtraBody);
        }

        if (Findings is not null)
        {
            writer.WriteStartArray("findings");
            foreach (var slug in Findings)
            {
                writer.WriteStringValue(slug);
            }

            writer.WriteEndArray();
        }

        if (TtftMs is { } ttft)
        {
            writer.WriteNumber("ttft_ms", ttft);
        }
        else
        {
            writer.WriteNull("ttft_ms");
        }

        WriteNode(writer, "usage", Usage is null ? null : UsageToJson(Usage));
        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, string name, JsonNode? node)
    {
        writer.WritePropertyName(name);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    /// <summary>Reads one results line; returns null when it is not a JSON object with a numeric <c>data_index</c>.</summary>
    public static K2vvResult? TryParse(string line)
    {
        JsonObject? obj;
        try
        {
            obj = JsonLineParser.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (obj is null || !TryGetInt(obj["data_index"], out var dataIndex))
        {
            return null;
        }

        return new K2vvResult
        {
            DataIndex = dataIndex,
            Request = obj["request"],
            Response = obj["response"],
            Status = GetString(obj["status"]),
            FinishReason = GetString(obj["finish_reason"]),
            ToolCallsValid = obj["tool_calls_valid"] is JsonValue valid && valid.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? valid.GetValue<bool>()
                : null,
            LastRunAt = GetString(obj["last_run_at"]),
            DurationMs = obj["duration_ms"] is JsonValue duration && duration.GetValueKind() == JsonValueKind.Number && duration.TryGetValue<long>(out var ms) ? ms : 0,
            Hash = GetString(obj["hash"]),
            ExtraBody = obj["extra_body"],
            Findings = obj["findings"] is JsonArray findings ? [.. findings.Select(f => GetString(f)).OfType<string>()] : null,
            TtftMs = obj["ttft_ms"] is JsonValue ttft && ttft.GetValueKind() == JsonValueKind.Number && ttft.TryGetValue<long>(out var t) ? t : null,
            Usage = UsageFromJson(obj["usage"]),
        };
    }

    /// <summary>Builds the <c>usage</c> object in the OpenAI field names.</summary>
    public static JsonObject UsageToJson(TokenUsage usage) => new()
    {
        ["prompt_tokens"] = usage.PromptTokens,
        ["completion_tokens"] = usage.CompletionTokens,
        ["total_tokens"] = usage.TotalTokens,
    };

    /// <summary>Reads a <c>usage</c> object; returns null when it is absent or has no token counts.</summary>
    public static TokenUsage? UsageFromJson(JsonNode? node)
    {
        if (node is not JsonObject usage)
        {
            return null;
        }

        var prompt = GetLong(usage["prompt_tokens"]);
        var completion = GetLong(usage["completion_tokens"]);
        var total = GetLong(usage["total_tokens"]);
        if (prompt is null && completion is null && total is null)
        {
            return null;
        }

        return new TokenUsage(prompt ?? 0, completion ?? 0, total ?? (prompt ?? 0) + (completion ?? 0));
    }

    private static string? GetString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static long? GetLong(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number : null;

    private static bool TryGetInt(JsonNode? node, out int number)
    {
        number = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out number);
    }
}
