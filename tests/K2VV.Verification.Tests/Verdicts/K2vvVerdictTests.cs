using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Requests;
using K2VV.Verification.Schemas;
using K2VV.Verification.Verdicts;
using Xunit;

namespace K2VV.Verification.Tests.Verdicts;

public sealed class K2vvVerdictTests
{
    private const string ObjectSchema = """{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""";

    private static readonly ToolSchemaValidator Validator = new();

    private static ToolDefinition Tool(string? name, string? parameters) =>
        new(name, parameters is null ? null : JsonDocument.Parse(parameters).RootElement.Clone());

    private static JsonObject Response(string finishReason, params string[] calls) =>
        JsonNode.Parse($$"""
            {"choices":[{"index":0,"message":{"role":"assistant","content":null,
              "tool_calls":[{{string.Join(",", calls)}}]},"finish_reason":"{{finishReason}}"}]}
            """)!.AsObject();

    private static string Call(string name, string arguments) =>
        new JsonObject
        {
            ["id"] = $"functions.{name}:0",
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
        }.ToJsonString();

    [Fact]
    public void Compute_ValidCall_IsTrue()
    {
        var verdict = K2vvVerdict.Compute(Response("tool_calls", Call("f", """{"a":1}""")), [Tool("f", ObjectSchema)], Validator);

        Assert.Equal(("tool_calls", (bool?)true), verdict);
    }

    [Fact]
    public void Compute_FirstToolWithEqualName_Wins()
    {
        ToolDefinition[] tools = [Tool("f", "{}"), Tool("f", ObjectSchema)];

        var verdict = K2vvVerdict.Compute(Response("tool_calls", Call("f", """{"a":1}""")), tools, Validator);

        Assert.False(verdict.ToolCallsValid);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("\"\"")]
    public void Compute_FalsyParameters_IsFalse(string parameters)
    {
        var verdict = K2vvVerdict.Compute(Response("tool_calls", Call("f", """{"a":1}""")), [Tool("f", parameters)], Validator);

        Assert.False(verdict.ToolCallsValid);
    }

    [Fact]
    public void Compute_ToolWithoutParameters_IsFalse()
    {
        var verdict = K2vvVerdict.Compute(Response("tool_calls", Call("f", """{"a":1}""")), [Tool("f", null)], Validator);

        Assert.False(verdict.ToolCallsValid);
    }

    [Fact]
    public void Compute_NamelessToolBeforeMatch_IsFalse()
    {
        ToolDefinition[] tools = [Tool(null, ObjectSchema), Tool("f", ObjectSchema)];

        var verdict = K2vvVerdict.Compute(Response("tool_calls", Call("f", """{"a":1}""")), tools, Validator);

        Assert.False(verdict.ToolCallsValid);
    }

    [Fact]
    public void Compute_NamelessToolAfterMatch_IsNotReached()
    {
        ToolDefinition[] tools = [Tool("f", ObjectSchema), Tool(null, ObjectSchema)];

        var verdict = K2vvVerdict.Compute(Response("tool_calls", Call("f", """{"a":1}""")), tools, Validator);

        Assert.True(verdict.ToolCallsValid);
    }

    [Fact]
    public void Compute_OneInvalidCall_MakesAllFalse()
    {
        var response = Response("tool_calls", Call("f", """{"a":1}"""), Call("f", """{"a":"x"}"""));

        var verdict = K2vvVerdict.Compute(response, [Tool("f", ObjectSchema)], Validator);

        Assert.False(verdict.ToolCallsValid);
    }

    [Fact]
    public void Compute_ToolCallsFinishWithoutCalls_IsNull()
    {
        var verdict = K2vvVerdict.Compute(Response("tool_calls"), [Tool("f", ObjectSchema)], Validator);

        Assert.Equal(("tool_calls", (bool?)null), verdict);
    }

    [Fact]
    public void Compute_StopFinishWithCalls_IsNull()
    {
        var verdict = K2vvVerdict.Compute(Response("stop", Call("f", """{"a":1}""")), [Tool("f", ObjectSchema)], Validator);

        Assert.Equal(("stop", (bool?)null), verdict);
    }

    [Fact]
    public void Compute_NoChoices_IsNullFinish()
    {
        var verdict = K2vvVerdict.Compute(JsonNode.Parse("""{"error":"x"}""")!.AsObject(), [], Validator);

        Assert.Equal((null, (bool?)null), verdict);
    }

    [Fact]
    public void Compute_CallWithoutArguments_IsFalse()
    {
        var response = JsonNode.Parse("""
            {"choices":[{"message":{"tool_calls":[{"function":{"name":"f"}}]},"finish_reason":"tool_calls"}]}
            """)!.AsObject();

        var verdict = K2vvVerdict.Compute(response, [Tool("f", ObjectSchema)], Validator);

        Assert.False(verdict.ToolCallsValid);
    }
}
