using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;

namespace K2VV.Benchmarks;

/// <summary>
/// Inspection of a typical agent request on the proxy's hot path: 20 tools, 40 messages, about 60 KB,
/// once with a tool-call history whose ids need the canonical rewrite and once already canonical.
/// </summary>
[MemoryDiagnoser]
public class RequestRewriteBenchmarks
{
    private const int ToolCount = 20;
    private const int MessageCount = 40;

    private byte[] bodyToRewrite = [];
    private byte[] canonicalBody = [];

    [GlobalSetup]
    public void Setup()
    {
        bodyToRewrite = BuildAgentRequest();
        var inspection = RequestInspector.Inspect(bodyToRewrite, ToolIdRewriteMode.Canonical);
        canonicalBody = inspection.RewrittenBody?.ToArray()
            ?? throw new InvalidOperationException("The benchmark request needs an id rewrite but none happened.");
        if (RequestInspector.Inspect(canonicalBody, ToolIdRewriteMode.Canonical).RewrittenBody is not null)
        {
            throw new InvalidOperationException("The canonical benchmark request was rewritten again.");
        }

        Console.WriteLine($"// request bytes: {bodyToRewrite.Length}, ids changed: {inspection.Rewrite.Changed}");
    }

    [Benchmark(Baseline = true, Description = "Parse and rewrite ids")]
    public RequestInspection ParseAndRewrite() => RequestInspector.Inspect(bodyToRewrite, ToolIdRewriteMode.Canonical);

    [Benchmark(Description = "Parse, ids already canonical")]
    public RequestInspection ParseWithoutRewrite() => RequestInspector.Inspect(canonicalBody, ToolIdRewriteMode.Canonical);

    // Real tool schemas from the test data; a history of assistant calls with OpenAI-style ids and their results.
    private static byte[] BuildAgentRequest()
    {
        var tools = new JsonArray();
        var names = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "tools.jsonl")))
        {
            var tool = JsonNode.Parse(line)!.AsObject();
            if (tool["parameters"] is not JsonObject parameters || tool["name"] is null)
            {
                continue;
            }

            var name = tool["name"]!.GetValue<string>();
            if (names.Contains(name))
            {
                continue;
            }

            names.Add(name);
            tools.Add(new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject
                {
                    ["name"] = name,
                    ["description"] = tool["description"]?.DeepClone(),
                    ["parameters"] = parameters.DeepClone(),
                },
            });
            if (names.Count == ToolCount)
            {
                break;
            }
        }

        var messages = new JsonArray
        {
            new JsonObject { ["role"] = "system", ["content"] = Filler("You are a coding agent working in a repository. ", 3_000) },
            new JsonObject { ["role"] = "user", ["content"] = "Find why the nightly build fails and fix it. Grüße aus Zürich." },
        };
        int call = 0;
        while (messages.Count < MessageCount - 1)
        {
            var calls = new JsonArray();
            int parallel = messages.Count % 3 == 0 ? 2 : 1;
            for (int i = 0; i < parallel; i++)
            {
                calls.Add(new JsonObject
                {
                    ["id"] = $"call_{call * 7919:x8}{i}",
                    ["type"] = "function",
                    ["function"] = new JsonObject
                    {
                        ["name"] = names[(call + i) % names.Count],
                        ["arguments"] = $"{{\"path\":\"src/module{call}.py\",\"line\":{call * 3}}}",
                    },
                });
            }

            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = "", ["tool_calls"] = calls });
            foreach (var toolCall in calls)
            {
                messages.Add(new JsonObject
                {
                    ["role"] = "tool",
                    ["tool_call_id"] = toolCall!["id"]!.GetValue<string>(),
                    ["content"] = Filler($"output of step {call}: ", 1_650),
                });
            }

            call += parallel;
        }

        messages.Add(new JsonObject { ["role"] = "user", ["content"] = "Continue." });
        var request = new JsonObject
        {
            ["model"] = "kimi-k2-0905-preview",
            ["messages"] = messages,
            ["tools"] = tools,
            ["tool_choice"] = "auto",
            ["temperature"] = 0.6,
            ["max_tokens"] = 4096,
            ["stream"] = true,
        };
        return Encoding.UTF8.GetBytes(request.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    private static string Filler(string start, int length)
    {
        var builder = new StringBuilder(start, length);
        while (builder.Length < length)
        {
            builder.Append("line ").Append(builder.Length).Append(": def handler(event): return process(event)\n");
        }

        return builder.ToString(0, length);
    }
}
