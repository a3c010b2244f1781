using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Streaming;

namespace K2VV.Verification.Results;

/// <summary>
/// K2VV's <c>summary.json</c>: the reference's counts in its field order, then the summed token
/// usage and the run's start and end times.
/// </summary>
public sealed class K2vvSummary
{
    /// <summary>The <c>--model</c> the run used.</summary>
    public string? Model { get; init; }

    /// <summary>Lines with status <c>success</c>.</summary>
    public int SuccessCount { get; init; }

    /// <summary>Lines with any other status.</summary>
    public int FailureCount { get; init; }

    /// <summary>Lines with finish reason <c>stop</c>.</summary>
    public int FinishStop { get; init; }

    /// <summary>Lines with finish reason <c>tool_calls</c>.</summary>
    public int FinishToolCalls { get; init; }

    /// <summary>Lines with another non-empty finish reason.</summary>
    public int FinishOthers { get; init; }

    /// <summary>Counts of each other finish reason, in order of first appearance.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> FinishOthersDetail { get; init; } = [];

    /// <summary><c>tool_calls</c> lines whose verdict is not true (false or null).</summary>
    public int SchemaValidationErrorCount { get; init; }

    /// <summary><c>tool_calls</c> lines whose verdict is true.</summary>
    public int SuccessfulToolCallCount { get; init; }

    /// <summary>Token usage summed over every line that reported it.</summary>
    public TokenUsage Usage { get; init; } = new(0, 0, 0);

    /// <summary>When the run started, ISO 8601 with offset; null when not known (offline summaries).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the run ended, ISO 8601 with offset.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Computes the summary over <paramref name="results"/> with the reference's rules.</summary>
    public static K2vvSummary Compute(string? model, IEnumerable<K2vvResult> results, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        int success = 0, failure = 0, stop = 0, toolCalls = 0, others = 0, schemaErrors = 0, successfulCalls = 0;
        long prompt = 0, completion = 0, total = 0;
        var detail = new List<KeyValuePair<string, int>>();

        foreach (var result in results)
        {
            if (result.Status == K2vvResult.Success)
            {
                success++;
            }
            else
            {
                failure++;
            }

            switch (result.FinishReason)
            {
                case "stop":
                    stop++;
                    break;
                case "tool_calls":
                    toolCalls++;

                    // Only a true verdict is a success; the reference counts null as an error.
                    if (result.ToolCallsValid == true)
                    {
                        successfulCalls++;
                    }
                    else
                    {
                        schemaErrors++;
                    }

                    break;
                case null or "":
                    break;
                default:
                    others++;
                    var reason = result.FinishReason;
                    var at = detail.FindIndex(entry => entry.Key == reason);
                    if (at >= 0)
                    {
                        detail[at] = new KeyValuePair<string, int>(reason, detail[at].Value + 1);
                    }
                    else
                    {
                        detail.Add(new KeyValuePair<string, int>(reason, 1));
                    }

                    break;
            }

            if (result.Usage is { } usage)
            {
                prompt += usage.PromptTokens;
                completion += usage.CompletionTokens;
                total += usage.TotalTokens;
            }
        }

        return new K2vvSummary
        {
            Model = model,
            SuccessCount = success,
            FailureCount = failure,
            FinishStop = stop,
            FinishToolCalls = toolCalls,
            FinishOthers = others,
            FinishOthersDetail = detail,
            SchemaValidationErrorCount = schemaErrors,
            SuccessfulToolCallCount = successfulCalls,
            Usage = new TokenUsage(prompt, completion, total),
            StartedAt = startedAt,
            FinishedAt = finishedAt,
        };
    }

    /// <summary>Builds the JSON object in the reference's field order.</summary>
    public JsonObject ToJsonObject()
    {
        var detail = new JsonObject();
        foreach (var (reason, count) in FinishOthersDetail)
        {
            detail[reason] = count;
        }

        var summary = new JsonObject
        {
            ["model"] = Model,
            ["success_count"] = SuccessCount,
            ["failure_count"] = FailureCount,
            ["finish_stop"] = FinishStop,
            ["finish_tool_calls"] = FinishToolCalls,
            ["finish_others"] = FinishOthers,
            ["finish_others_detail"] = detail,
            ["schema_validation_error_count"] = SchemaValidationErrorCount,
            ["successful_tool_call_count"] = SuccessfulToolCallCount,
            ["usage"] = K2vvResult.UsageToJson(Usage),
        };
        if (StartedAt is { } started)
        {
            summary["started_at"] = started.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (FinishedAt is { } finished)
        {
            summary["finished_at"] = finished.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return summary;
    }

    /// <summary>Returns the file text as the reference writes it: indent 4, non-ASCII kept.</summary>
    public string ToJsonText() => ToJsonObject().ToJsonString(IndentedOptions);

    private static readonly JsonSerializerOptions IndentedOptions = new()
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
