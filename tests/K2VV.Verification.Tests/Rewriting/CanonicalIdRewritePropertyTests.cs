using System.Text;
using System.Text.Json;
using FsCheck.Xunit;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;

namespace K2VV.Verification.Tests.Rewriting;

public class CanonicalIdRewritePropertyTests
{
    // Ids a client may send; none of them looks canonical, so a call without a name cannot keep an id
    // that collides with a new canonical one.
    private static readonly string[] IdJsonChoices = ["", "null", "\"a\"", "\"b\"", "\"call_1\"", "3", "\"x:0\""];
    private static readonly string[] CanonicalIdChoices = ["\"functions.f:0\"", "\"functions.g:2\"", "\"functions.f:9\""];
    private static readonly string[] NameChoices = ["f", "g", "read_file"];

    [Property(MaxTest = 400)]
    public bool Rewrite_RandomHistory_ForwardsValidJson(int[] choices)
    {
        var (json, toolCallCount) = BuildHistory(choices, canonicalResultIds: true);
        var body = Encoding.UTF8.GetBytes(json);

        var inspection = RequestInspector.Inspect(body, ToolIdRewriteMode.Canonical);
        using var document = JsonDocument.Parse(inspection.RewrittenBody?.ToArray() ?? body);

        return inspection.Request is not null
            && inspection.Request.HistoryToolCallCount == toolCallCount
            && document.RootElement.GetProperty("messages").GetArrayLength() == JsonDocument.Parse(body).RootElement.GetProperty("messages").GetArrayLength();
    }

    // Result ids never look canonical here: an orphan result with a canonical-looking id may pair in a second pass.
    [Property(MaxTest = 400)]
    public bool Rewrite_RandomHistory_Idempotent(int[] choices)
    {
        var (json, toolCallCount) = BuildHistory(choices, canonicalResultIds: false);
        var body = Encoding.UTF8.GetBytes(json);

        var first = RequestInspector.Inspect(body, ToolIdRewriteMode.Canonical);
        var forwarded = first.RewrittenBody?.ToArray() ?? body;
        using var document = JsonDocument.Parse(forwarded);
        var second = RequestInspector.Inspect(forwarded, ToolIdRewriteMode.Canonical);

        return first.Request is not null
            && first.Request.HistoryToolCallCount == toolCallCount
            && document.RootElement.GetProperty("messages").GetArrayLength() == JsonDocument.Parse(body).RootElement.GetProperty("messages").GetArrayLength()
            && second.RewrittenBody is null
            && second.Rewrite.Changed == 0
            && second.Rewrite.Orphans == first.Rewrite.Orphans;
    }

    // Reads the choices as a script: each step adds an assistant message with calls, a tool message, or a user message.
    private static (string Json, int ToolCallCount) BuildHistory(int[] choices, bool canonicalResultIds)
    {
        var messages = new List<string>();
        int toolCallCount = 0;
        int position = 0;
        int Next(int range) => position < choices.Length ? (int)((uint)choices[position++] % (uint)range) : 0;

        while (position < choices.Length)
        {
            switch (Next(3))
            {
                case 0:
                    var calls = new List<string>();
                    int count = Next(4);
                    for (int i = 0; i < count; i++)
                    {
                        bool named = Next(5) != 0;
                        string idJson = named && Next(3) == 0 ? CanonicalIdChoices[Next(CanonicalIdChoices.Length)] : IdJsonChoices[Next(IdJsonChoices.Length)];
                        string idMember = idJson.Length == 0 ? "" : $"\"id\":{idJson},";
                        string function = named ? $"{{\"name\":\"{NameChoices[Next(NameChoices.Length)]}\",\"arguments\":\"{{}}\"}}" : "{\"arguments\":\"{}\"}";
                        calls.Add($"{{{idMember}\"type\":\"function\",\"function\":{function}}}");
                    }

                    toolCallCount += count;
                    messages.Add($"{{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{string.Join(",", calls)}]}}");
                    break;
                case 1:
                    string toolId = canonicalResultIds && Next(3) == 0 ? CanonicalIdChoices[Next(CanonicalIdChoices.Length)] : IdJsonChoices[Next(IdJsonChoices.Length)];
                    string toolIdMember = toolId.Length == 0 ? "" : $",\"tool_call_id\":{toolId}";
                    messages.Add($"{{\"role\":\"tool\",\"content\":\"r\"{toolIdMember}}}");
                    break;
                default:
                    messages.Add("{\"role\":\"user\",\"content\":\"next\"}");
                    break;
            }
        }

        return ($"{{\"model\":\"k\",\"messages\":[{string.Join(",", messages)}]}}", toolCallCount);
    }
}
