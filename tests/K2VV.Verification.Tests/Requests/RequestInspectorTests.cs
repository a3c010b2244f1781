using System.Text;
using System.Text.Json;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using Xunit;

namespace K2VV.Verification.Tests.Requests;

public class RequestInspectorTests
{
    [Fact]
    public void Inspect_FullRequest_ReadsFields()
    {
        const string Json = """
            {"model":"kimi-k2","stream":true,"tool_choice":{"type":"function","function":{"name":"b"}},
             "tools":[
               {"type":"function","function":{"name":"a","parameters":{"type":"object","properties":{"x":{"type":"integer"}}}}},
               {"type":"function","function":{"name":"b"}},
               {"type":"function","function":{"name":"c","parameters":null}},
               {"type":"function","function":{"name":"d","parameters":{}}},
               {"type":"function"},
               {"type":"function","function":{"name":7,"parameters":{"type":"string"}}},
               "junk"],
             "messages":[{"role":"user","content":"hi"}]}
            """;

        var request = Inspect(Json).Request!;

        Assert.Equal("kimi-k2", request.Model);
        Assert.True(request.Stream);
        Assert.Equal(ToolChoiceKind.Named, request.ToolChoice);
        Assert.Equal("b", request.ToolChoiceName);
        Assert.Equal(["a", "b", "c", "d", null, null, null], request.Tools.Select(tool => tool.Name));
        Assert.Equal("""{"type":"object","properties":{"x":{"type":"integer"}}}""", request.Tools[0].Parameters!.Value.GetRawText());
        Assert.Null(request.Tools[1].Parameters);
        Assert.Equal(JsonValueKind.Null, request.Tools[2].Parameters!.Value.ValueKind);
        Assert.Equal("{}", request.Tools[3].Parameters!.Value.GetRawText());
        Assert.Null(request.Tools[4].Parameters);
        Assert.Equal("""{"type":"string"}""", request.Tools[5].Parameters!.Value.GetRawText());
        Assert.Equal(0, request.HistoryToolCallCount);
    }

    [Fact]
    public void Inspect_BodyBufferReused_ParametersStillReadable()
    {
        var body = Encoding.UTF8.GetBytes("""{"tools":[{"function":{"name":"a","parameters":{"type":"object"}}}]}""");

        var request = RequestInspector.Inspect(body, ToolIdRewriteMode.Canonical).Request!;
        Array.Fill(body, (byte)' ');

        Assert.Equal("""{"type":"object"}""", request.Tools[0].Parameters!.Value.GetRawText());
    }

    [Theory]
    [InlineData("""{}""", ToolChoiceKind.Auto, null)]
    [InlineData("""{"tool_choice":"auto"}""", ToolChoiceKind.Auto, null)]
    [InlineData("""{"tool_choice":"none"}""", ToolChoiceKind.None, null)]
    [InlineData("""{"tool_choice":"required"}""", ToolChoiceKind.Required, null)]
    [InlineData("""{"tool_choice":"sometimes"}""", ToolChoiceKind.Auto, null)]
    [InlineData("""{"tool_choice":null}""", ToolChoiceKind.Auto, null)]
    [InlineData("""{"tool_choice":{"type":"function","function":{"name":"f"}}}""", ToolChoiceKind.Named, "f")]
    [InlineData("""{"tool_choice":{"type":"function","function":{}}}""", ToolChoiceKind.Auto, null)]
    public void Inspect_ToolChoice_ReadsKind(string json, ToolChoiceKind kind, string? name)
    {
        var request = Inspect(json).Request!;

        Assert.Equal(kind, request.ToolChoice);
        Assert.Equal(name, request.ToolChoiceName);
    }

    [Theory]
    [InlineData("""{"stream":"true","model":5}""")]
    [InlineData("""{"stream":false}""")]
    [InlineData("""{"stream":1}""")]
    public void Inspect_NonTrueStreamAndNonStringModel_ReadAsDefaults(string json)
    {
        var request = Inspect(json).Request!;

        Assert.False(request.Stream);
        Assert.Null(request.Model);
        Assert.Empty(request.Tools);
    }

    private static RequestInspection Inspect(string json) =>
        RequestInspector.Inspect(Encoding.UTF8.GetBytes(json), ToolIdRewriteMode.Canonical);
}
