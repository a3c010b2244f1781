using System.Text.Json.Nodes;

namespace K2VV.Proxy.Tests.Replay;

/// <summary>Minimal vendor responses for tests that are about the run, not the verdict.</summary>
internal static class VendorAnswers
{
    public static JsonObject Stop(string content = "done") => JsonNode.Parse($$$"""
        {"id":"cmpl-t","object":"chat.completion","created":1760000000,"model":"kimi-k2-test",
         "choices":[{"index":0,"message":{"role":"assistant","content":"{{{content}}}"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}
        """)!.AsObject();

    public static JsonObject BadRequest() => JsonNode.Parse("""{"error":{"message":"invalid request"}}""")!.AsObject();

    public static string Request(string user) =>
        $$"""{"user":"{{user}}","messages":[{"role":"user","content":"hello {{user}}"}]}""";
}
