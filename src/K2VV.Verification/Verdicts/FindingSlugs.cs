namespace K2VV.Verification.Verdicts;

/// <summary>
/// Stable slugs of the strict findings. They are metric label values and appear in results
/// files, so a slug is never renamed; new ones may be added.
/// </summary>
public static class FindingSlugs
{
    /// <summary>The upstream returned a non-2xx HTTP status.</summary>
    public const string UpstreamHttpError = "upstream_http_error";

    /// <summary>The body is neither JSON nor an SSE stream of JSON chunks.</summary>
    public const string NonJsonBody = "non_json_body";

    /// <summary>The connection was reset before the body ended.</summary>
    public const string UpstreamConnectionReset = "upstream_connection_reset";

    /// <summary>A stream event carried an <c>error</c> payload.</summary>
    public const string UpstreamErrorInStream = "upstream_error_in_stream";

    /// <summary>A successful JSON body carried an <c>error</c> member.</summary>
    public const string UpstreamErrorInBody = "upstream_error_in_body";

    /// <summary>A stream ended without a finish reason and without <c>[DONE]</c>.</summary>
    public const string TruncatedStream = "truncated_stream";

    /// <summary>A stream sent a finish reason but ended without <c>[DONE]</c>.</summary>
    public const string MissingDone = "missing_done";

    /// <summary>The response has no finish reason.</summary>
    public const string MissingFinishReason = "missing_finish_reason";

    /// <summary>The response carried no content, reasoning, tool call or finish reason at all.</summary>
    public const string EmptyResponse = "empty_response";

    /// <summary>K2 tool-call special tokens leaked into <c>content</c> or <c>reasoning_content</c>.</summary>
    public const string MarkupLeak = "markup_leak";

    /// <summary>Finish reason <c>tool_calls</c>, or tool-call markup in the text, without structured tool calls.</summary>
    public const string MissingToolCalls = "missing_tool_calls";

    /// <summary>Tool calls present, but the finish reason is <c>stop</c> (or another reason that is not <c>tool_calls</c> or <c>length</c>).</summary>
    public const string ToolCallsWithStop = "tool_calls_with_stop";

    /// <summary>Tool calls present with finish reason <c>length</c>: the calls were probably cut.</summary>
    public const string FinishLengthWithToolCalls = "finish_length_with_tool_calls";

    /// <summary>The request's <c>tool_choice</c> (none, required or a named function) was not followed.</summary>
    public const string ToolChoiceViolated = "tool_choice_violated";

    /// <summary>Two parallel calls in a stream shared one <c>index</c> with different ids.</summary>
    public const string ParallelCallsSameIndex = "parallel_calls_same_index";

    /// <summary>A tool call has a missing or empty <c>id</c>.</summary>
    public const string MissingId = "missing_id";

    /// <summary>Two tool calls of the response share one <c>id</c>.</summary>
    public const string DuplicateId = "duplicate_id";

    /// <summary>A tool call id is not <c>functions.{name}:{idx}</c> with the call's own name.</summary>
    public const string BadIdFormat = "bad_id_format";

    /// <summary>A canonical id's index does not continue the conversation's tool-call count.</summary>
    public const string IdIndexNotGlobal = "id_index_not_global";

    /// <summary>A tool call has an empty <c>function.name</c>.</summary>
    public const string EmptyName = "empty_name";

    /// <summary>A tool call name starts with <c>functions.</c>, the prefix of K2's ids.</summary>
    public const string NameHasFunctionsPrefix = "name_has_functions_prefix";

    /// <summary>A tool call names a function the request did not declare.</summary>
    public const string UnknownTool = "unknown_tool";

    /// <summary>A tool call's <c>arguments</c> is a JSON value other than a string.</summary>
    public const string ArgumentsNotString = "arguments_not_string";

    /// <summary>A tool call's <c>arguments</c> string is not valid JSON.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>A tool call's arguments break the tool's parameter schema.</summary>
    public const string SchemaViolation = "schema_violation";

    /// <summary>The arguments are a JSON string that itself contains a JSON object or array.</summary>
    public const string DoubleEncodedArguments = "double_encoded_arguments";

    /// <summary>An argument value that breaks the schema is a string containing a JSON object or array.</summary>
    public const string NestedJsonString = "nested_json_string";

    /// <summary>The tool's parameter schema is itself invalid, so its calls cannot be checked.</summary>
    public const string InvalidSchema = "invalid_schema";

    /// <summary>Validation could not finish (regex timeout, nesting limit, engine error).</summary>
    public const string ValidationError = "validation_error";

    /// <summary>Every slug, in the order findings are reported.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        UpstreamHttpError, NonJsonBody, UpstreamConnectionReset, UpstreamErrorInStream, UpstreamErrorInBody,
        TruncatedStream, MissingDone, MissingFinishReason, EmptyResponse, MarkupLeak, MissingToolCalls,
        ToolCallsWithStop, FinishLengthWithToolCalls, ToolChoiceViolated, ParallelCallsSameIndex, MissingId,
        DuplicateId, BadIdFormat, IdIndexNotGlobal, EmptyName, NameHasFunctionsPrefix, UnknownTool,
        ArgumentsNotString, InvalidJson, SchemaViolation, DoubleEncodedArguments, NestedJsonString,
        InvalidSchema, ValidationError,
    ];
}
