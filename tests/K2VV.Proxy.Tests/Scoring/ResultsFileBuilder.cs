using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Streaming;

namespace K2VV.Proxy.Tests.Scoring;

/// <summary>
/// Turns the shared test cases into K2VV results lines carrying the reference's recorded
/// verdicts: every bug case with an upstream response, and every argument instance of
/// tests/TestData/instances.jsonl as a one-call response to a request declaring its tool.
/// </summary>
internal static class ResultsFileBuilder
{
    private static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static List<JsonObject> BuildLines()
    {
        var lines = new List<JsonObject>();
        foreach (var text in File.ReadLines(TestData("bug-cases.jsonl")))
        {
            var bugCase = JsonNode.Parse(text)!.AsObject();
            if (bugCase["upstream"] is JsonObject upstream)
            {
                lines.Add(FromBugCase(lines.Count + 1, bugCase, upstream));
            }
        }

        var tools = File.ReadLines(TestData("tools.jsonl"))
            .Select(text => JsonNode.Parse(text)!.AsObject())
            .ToDictionary(tool => tool["id"]!.GetValue<string>());
        foreach (var text in File.ReadLines(TestData("instances.jsonl")))
        {
            var instance = JsonNode.Parse(text)!.AsObject();
            lines.Add(FromInstance(lines.Count + 1, instance, tools[instance["tool_id"]!.GetValue<string>()]));
        }

        return lines;
    }

    private static JsonObject FromBugCase(int dataIndex, JsonObject bugCase, JsonObject upstream)
    {
        var request = bugCase["request"]!.AsObject();
        var expect = bugCase["expect"]!.AsObject();
        var headers = upstream["headers"]!.AsObject();
        var requestedStream = request["stream"]?.GetValue<bool>() == true;
        using var accumulator = new ResponseAccumulator(
            upstream["status"]!.GetValue<int>(),
            headers["content-type"]?.GetValue<string>(),
            headers["content-encoding"]?.GetValue<string>(),
            requestedStream);
        foreach (var chunk in Chunks(upstream))
        {
            accumulator.Append(chunk);
        }

        var accumulated = accumulator.Complete(upstream["close"]?.GetValue<string>() == "reset" ? StreamEnd.Reset : StreamEnd.Clean);
        var response = accumulated.ToK2vvResponse(request["model"]?.GetValue<string>());
        var recorded = expect.ContainsKey("k2vv_record_tool_calls_valid") ? expect["k2vv_record_tool_calls_valid"] : expect["k2vv_tool_calls_valid"];
        return new JsonObject
        {
            ["data_index"] = dataIndex,
            ["request"] = request.DeepClone(),
            ["response"] = response ?? new JsonObject { ["error"] = accumulated.ReferenceFailure },
            ["status"] = response is null ? "failed" : "success",
            ["finish_reason"] = expect["k2vv_finish_reason"]?.DeepClone(),
            ["tool_calls_valid"] = recorded?.DeepClone(),
        };
    }

    private static JsonObject FromInstance(int dataIndex, JsonObject instance, JsonObject tool)
    {
        var name = tool["name"]!.GetValue<string>();
        return new JsonObject
        {
            ["data_index"] = dataIndex,
            ["request"] = new JsonObject
            {
                ["model"] = "kimi-k2-0905-preview",
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Use the tool." }),
                ["tools"] = new JsonArray(new JsonObject
                {
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = name, ["parameters"] = tool["parameters"]!.DeepClone() },
                }),
            },
            ["response"] = new JsonObject
            {
                ["id"] = $"cmpl-{dataIndex}",
                ["object"] = "chat.completion",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject
                    {
                        ["role"] = "assistant",
                        ["content"] = null,
                        ["tool_calls"] = new JsonArray(new JsonObject
                        {
                            ["id"] = $"functions.{name}:0",
                            ["type"] = "function",
                            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = instance["arguments"]!.DeepClone() },
                        }),
                    },
                    ["finish_reason"] = "tool_calls",
                }),
            },
            ["status"] = "success",
            ["finish_reason"] = "tool_calls",
            ["tool_calls_valid"] = instance["k2vv_valid"]!.DeepClone(),
        };
    }

    private static IEnumerable<byte[]> Chunks(JsonObject upstream)
    {
        if (upstream["sse"] is JsonArray sse)
        {
            return sse.Select(chunk => System.Text.Encoding.UTF8.GetBytes(chunk!.GetValue<string>()));
        }

        if (upstream["sse_base64"] is JsonArray sseBase64)
        {
            return sseBase64.Select(chunk => Convert.FromBase64String(chunk!.GetValue<string>()));
        }

        if (upstream["body_base64"] is JsonValue bodyBase64)
        {
            return [Convert.FromBase64String(bodyBase64.GetValue<string>())];
        }

        if (upstream["body_text"] is JsonValue text)
        {
            return [System.Text.Encoding.UTF8.GetBytes(text.GetValue<string>())];
        }

        return [JsonSerializer.SerializeToUtf8Bytes(upstream["body"])];
    }
}
