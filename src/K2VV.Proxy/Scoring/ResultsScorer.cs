using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;

namespace K2VV.Proxy.Scoring;

/// <summary>
/// Recomputes the verdict of every line of a K2VV results.jsonl from its recorded request and
/// response, and compares it with the recorded <c>tool_calls_valid</c>.
/// </summary>
internal sealed class ResultsScorer(VerdictEvaluator evaluator)
{
    private static readonly JsonSerializerOptions LineJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly ChatRequest NoTools = new(null, false, [], ToolChoiceKind.Auto, null, 0);

    /// <summary>Scores every line of <paramref name="results"/>.</summary>
    /// <param name="results">The results file, one JSON object per line.</param>
    /// <param name="output">Receives each scored line with the recomputed verdict, or null.</param>
    /// <param name="invalidLine">Called with the line number and reason of each line that is skipped.</param>
    public ScoreReport Score(TextReader results, TextWriter? output, Action<int, string> invalidLine)
    {
        var report = new ScoreReport();
        var lineNumber = 0;
        while (results.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonObject? line;
            try
            {
                line = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException exception)
            {
                report.InvalidLines.Add(lineNumber);
                invalidLine(lineNumber, $"not valid JSON ({exception.Message})");
                continue;
            }

            if (line is null)
            {
                report.InvalidLines.Add(lineNumber);
                invalidLine(lineNumber, "not a JSON object");
                continue;
            }

            // Every results line of the reference has these keys. A line without them, such as a
            // samples line, has nothing to compare, so it must not count as agreeing.
            if (!line.ContainsKey("response") || !line.ContainsKey("tool_calls_valid"))
            {
                report.InvalidLines.Add(lineNumber);
                invalidLine(lineNumber, "not a K2VV results line (no \"response\" or \"tool_calls_valid\" key)");
                continue;
            }

            var scored = ScoreLine(lineNumber, line);
            report.Compared++;
            if (scored.Agrees)
            {
                report.Agreed++;
            }
            else
            {
                report.Disagreements.Add(scored);
            }

            output?.WriteLine(Annotate(line, scored).ToJsonString(LineJson));
        }

        return report;
    }

    private ScoredLine ScoreLine(int lineNumber, JsonObject line)
    {
        var dataIndex = line["data_index"] is JsonValue index && index.TryGetValue<long>(out var number) ? number : lineNumber;
        var recorded = line["tool_calls_valid"] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : (bool?)null;

        // A line the reference recorded as failed has no response to judge: its verdict is null.
        var failed = line["status"] is JsonValue status && status.TryGetValue<string>(out var text) && text == "failed";
        if (failed || line["response"] is not JsonObject response)
        {
            return new ScoredLine(lineNumber, dataIndex, recorded, null, null, []);
        }

        var request = ReadRequest(line["request"]);
        var accumulated = AccumulatedResponse.FromRecordedResponse(JsonSerializer.SerializeToElement(response));
        var verdict = evaluator.Evaluate(request, accumulated);
        return new ScoredLine(lineNumber, dataIndex, recorded, verdict.ToolCallsValid, verdict.K2vvFinishReason, verdict.Findings);
    }

    private static ChatRequest ReadRequest(JsonNode? request)
    {
        if (request is not JsonObject)
        {
            return NoTools;
        }

        var inspection = RequestInspector.Inspect(Encoding.UTF8.GetBytes(request.ToJsonString()), ToolIdRewriteMode.Off);
        return inspection.Request ?? NoTools;
    }

    private static JsonObject Annotate(JsonObject line, ScoredLine scored)
    {
        line["recorded_tool_calls_valid"] = scored.Recorded;
        line["tool_calls_valid"] = scored.Recomputed;
        line["findings"] = new JsonArray([.. scored.Findings.Select(slug => JsonValue.Create(slug))]);
        return line;
    }
}
