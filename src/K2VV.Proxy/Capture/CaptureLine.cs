using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2VV.Proxy.Capture;

/// <summary>Turns a <see cref="CaptureRecord"/> into one JSON Lines line.</summary>
internal static class CaptureLine
{
    private static readonly string[] ContentKeys = ["content", "reasoning_content"];

    // Keeps '+', quotes and non-ASCII text readable; each line is JSON, never embedded in HTML.
    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Serializes <paramref name="record"/>. With <paramref name="redact"/>, the <c>content</c>
    /// and <c>reasoning_content</c> of every request message and response message are removed;
    /// tool-call names and arguments are kept because they are what the verdict is about.
    /// </summary>
    public static string Format(CaptureRecord record, bool redact)
    {
        var request = ParseRequest(record.RequestBody);
        JsonNode? response = record.Response.ToK2vvResponse(record.Model);

        if (redact)
        {
            RedactMessages(request?["messages"] as JsonArray, static message => message);
            RedactMessages(response?["choices"] as JsonArray, static choice => choice?["message"]);
        }

        var verdict = record.Verdict;
        var line = new JsonObject
        {
            ["time"] = record.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["vendor"] = record.Vendor,
            ["model"] = record.Model,
            ["status"] = record.Response.StatusCode,
            ["stream"] = record.Response.IsStream,
            ["request"] = request,
            ["response"] = response,
            ["finish_reason"] = verdict.FinishReason,
            ["k2vv_finish_reason"] = verdict.K2vvFinishReason,
            ["tool_calls_valid"] = verdict.ToolCallsValid,
            ["tool_call_count"] = verdict.ToolCallCount,
            ["findings"] = new JsonArray(verdict.Findings.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
        };
        return line.ToJsonString(LineOptions);
    }

    private static JsonNode? ParseRequest(ReadOnlyMemory<byte>? body)
    {
        if (body is not { } bytes)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(bytes.Span);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void RedactMessages(JsonArray? items, Func<JsonNode?, JsonNode?> selectMessage)
    {
        if (items is null)
        {
            return;
        }

        foreach (var item in items)
        {
            if (selectMessage(item) is JsonObject message)
            {
                foreach (var key in ContentKeys)
                {
                    message.Remove(key);
                }
            }
        }
    }
}
