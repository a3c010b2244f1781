using System.Text;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;

namespace K2VV.Verification.Tests.Rewriting;

/// <summary>Runs the inspector on a JSON text and returns the body the proxy would forward.</summary>
internal static class RewriteHarness
{
    public static (RequestInspection Inspection, string Forwarded) Run(string json, ToolIdRewriteMode mode = ToolIdRewriteMode.Canonical)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var inspection = RequestInspector.Inspect(body, mode);
        var forwarded = inspection.RewrittenBody is { } rewritten ? Encoding.UTF8.GetString(rewritten.Span) : json;
        return (inspection, forwarded);
    }

    /// <summary>Builds an assistant message with tool calls given as (id JSON, function name) pairs.</summary>
    public static string Assistant(params (string IdJson, string Name)[] calls) =>
        "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
        + string.Join(",", calls.Select(call => $"{{\"id\":{call.IdJson},\"type\":\"function\",\"function\":{{\"name\":\"{call.Name}\",\"arguments\":\"{{}}\"}}}}"))
        + "]}";

    /// <summary>Builds a tool message that carries <paramref name="idJson"/> as its <c>tool_call_id</c>.</summary>
    public static string Tool(string idJson) => $"{{\"role\":\"tool\",\"tool_call_id\":{idJson},\"content\":\"ok\"}}";

    public static string Body(params string[] messages) => "{\"model\":\"m\",\"messages\":[" + string.Join(",", messages) + "]}";
}
