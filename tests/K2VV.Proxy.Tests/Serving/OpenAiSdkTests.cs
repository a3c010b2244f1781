using System.ClientModel;
using K2VV.Proxy.Tests.Fakes;
using OpenAI;
using OpenAI.Chat;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>The OpenAI .NET SDK pointed at the proxy, as a client application would use it.</summary>
public sealed class OpenAiSdkTests : IClassFixture<ProxyWithVendor>
{
    private readonly ProxyWithVendor _fixture;

    public OpenAiSdkTests(ProxyWithVendor fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task CompleteChat_NonStreaming_ReturnsToolCallAndCounts()
    {
        var bugCase = BugCase.Get("baseline-nonstream-valid");
        _fixture.Vendor.Respond(bugCase.Response());
        var proxy = _fixture.Proxy;
        var before = await proxy.ScrapeAsync();
        var recorded = proxy.Recorded;

        var completion = await CreateClient().CompleteChatAsync(Messages(), Options()).WaitAsync(TestProxy.Timeout);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.Value.FinishReason);
        Assert.Equal("lookup_order", Assert.Single(completion.Value.ToolCalls).FunctionName);
        await proxy.WaitForRecordedAsync(recorded + 1);
        var after = await proxy.ScrapeAsync();
        Assert.Equal(1, after.Sum("k2vv_tool_call_responses_total", ("verdict", "valid")) - before.Sum("k2vv_tool_call_responses_total", ("verdict", "valid")));
        Assert.Equal(1, after.Sum("k2vv_chat_completions_total", ("stream", "false"), ("finish_reason", "tool_calls")) - before.Sum("k2vv_chat_completions_total", ("stream", "false"), ("finish_reason", "tool_calls")));
    }

    [Fact]
    public async Task CompleteChatStreaming_ToolCallDeltas_ReturnsToolCallAndCounts()
    {
        var bugCase = BugCase.Get("baseline-stream-arg-deltas");
        _fixture.Vendor.Respond(bugCase.Response());
        var proxy = _fixture.Proxy;
        var before = await proxy.ScrapeAsync();
        var recorded = proxy.Recorded;

        ChatFinishReason? finish = null;
        var names = new List<string>();
        var arguments = new System.Text.StringBuilder();
        using var cancellation = new CancellationTokenSource(TestProxy.Timeout);
        await foreach (var update in CreateClient().CompleteChatStreamingAsync(Messages(), Options(), cancellation.Token))
        {
            finish ??= update.FinishReason;
            foreach (var call in update.ToolCallUpdates)
            {
                if (call.FunctionName is { Length: > 0 } name)
                {
                    names.Add(name);
                }

                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("get_forecast", Assert.Single(names));
        Assert.StartsWith("{", arguments.ToString(), StringComparison.Ordinal);
        await proxy.WaitForRecordedAsync(recorded + 1);
        var after = await proxy.ScrapeAsync();
        Assert.Equal(1, after.Sum("k2vv_chat_completions_total", ("stream", "true"), ("finish_reason", "tool_calls")) - before.Sum("k2vv_chat_completions_total", ("stream", "true"), ("finish_reason", "tool_calls")));
    }

    private ChatClient CreateClient() =>
        new("kimi-k2-0905-preview", new ApiKeyCredential("sk-test-not-a-real-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri(_fixture.Proxy.BaseAddress, "/v1"),
            NetworkTimeout = TestProxy.Timeout,
        });

    private static ChatMessage[] Messages() => [new UserChatMessage("Where is my order A-1001?")];

    private static ChatCompletionOptions Options() => new()
    {
        Tools =
        {
            ChatTool.CreateFunctionTool(
                "lookup_order",
                "Look up a shop order by its id.",
                BinaryData.FromString("""{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}""")),
            ChatTool.CreateFunctionTool(
                "get_forecast",
                "Daily weather forecast for a city.",
                BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1,"maximum":7},"unit":{"type":"string","enum":["c","f"]}},"required":["city"]}""")),
        },
    };
}
