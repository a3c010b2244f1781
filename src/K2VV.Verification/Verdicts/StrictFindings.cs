using System.Text.Json;
using K2VV.Verification.Requests;
using K2VV.Verification.Schemas;
using K2VV.Verification.Streaming;

namespace K2VV.Verification.Verdicts;

/// <summary>Collects the strict findings of one response, judged on the correct accumulation.</summary>
internal static class StrictFindings
{
    public static IReadOnlyList<string> Collect(ChatRequest request, AccumulatedResponse response, ToolSchemaValidator validator) =>
        Collect(request, response, new ArgumentsCheckMemo(validator));

    /// <summary>Collects the findings, checking arguments through <paramref name="checks"/>.</summary>
    public static IReadOnlyList<string> Collect(ChatRequest request, AccumulatedResponse response, ArgumentsCheckMemo checks)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (response.UnverifiedReason is not null)
        {
            return [];
        }

        if (response.StatusCode is < 200 or >= 300)
        {
            // The body of an error status is an error message, not a completion, so nothing else is judged.
            found.Add(FindingSlugs.UpstreamHttpError);
            if (!response.IsStream && !response.IsJsonBody && response.BodyLength > 0)
            {
                found.Add(FindingSlugs.NonJsonBody);
            }

            return Ordered(found);
        }

        if (!CollectTransport(response, found))
        {
            return Ordered(found);
        }

        CollectToolCalls(request, response, checks, found);
        return Ordered(found);
    }

    /// <summary>Adds the body and stream findings; returns false when there is no completion to judge further.</summary>
    private static bool CollectTransport(AccumulatedResponse response, HashSet<string> found)
    {
        if (response.End == StreamEnd.Reset)
        {
            found.Add(FindingSlugs.UpstreamConnectionReset);
        }

        if (!response.IsStream && !response.IsJsonBody)
        {
            found.Add(response.BodyLength > 0 ? FindingSlugs.NonJsonBody : FindingSlugs.EmptyResponse);
            return false;
        }

        if (response.MalformedEventCount > 0)
        {
            found.Add(FindingSlugs.NonJsonBody);
        }

        if (response.HasErrorInStream || response.HasErrorInBody)
        {
            found.Add(response.HasErrorInStream ? FindingSlugs.UpstreamErrorInStream : FindingSlugs.UpstreamErrorInBody);
            return false;
        }

        if (response.IsStream && !response.HasDoneMarker)
        {
            found.Add(response.FinishReason is null ? FindingSlugs.TruncatedStream : FindingSlugs.MissingDone);
        }

        if (response.FinishReason is null)
        {
            found.Add(FindingSlugs.MissingFinishReason);
        }

        if (response.FinishReason is null && response.ToolCalls.Count == 0
            && string.IsNullOrEmpty(response.Content) && string.IsNullOrEmpty(response.ReasoningContent))
        {
            found.Add(FindingSlugs.EmptyResponse);
        }

        return true;
    }

    private static void CollectToolCalls(ChatRequest request, AccumulatedResponse response, ArgumentsCheckMemo checks, HashSet<string> found)
    {
        var calls = response.ToolCalls;
        var finishReason = response.FinishReason;
        var markupCall = ToolCallMarkup.ContainsCall(response.Content) || ToolCallMarkup.ContainsCall(response.ReasoningContent);
        if (ToolCallMarkup.ContainsToken(response.Content) || ToolCallMarkup.ContainsToken(response.ReasoningContent))
        {
            found.Add(FindingSlugs.MarkupLeak);
        }

        foreach (var id in ToolCallMarkup.CallIds(response.Content).Concat(ToolCallMarkup.CallIds(response.ReasoningContent)))
        {
            if (!ToolCallIdFormat.TryParse(id, out _, out _))
            {
                found.Add(FindingSlugs.BadIdFormat);
            }
        }

        if (calls.Count == 0 && (finishReason == "tool_calls" || markupCall))
        {
            found.Add(FindingSlugs.MissingToolCalls);
        }

        if (calls.Count > 0 && finishReason == "length")
        {
            found.Add(FindingSlugs.FinishLengthWithToolCalls);
        }
        else if (calls.Count > 0 && finishReason is not null && finishReason != "tool_calls")
        {
            found.Add(FindingSlugs.ToolCallsWithStop);
        }

        if (ViolatesToolChoice(request, calls, finishReason))
        {
            found.Add(FindingSlugs.ToolChoiceViolated);
        }

        if (response.ParallelCallsShareIndex)
        {
            found.Add(FindingSlugs.ParallelCallsSameIndex);
        }

        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (var position = 0; position < calls.Count; position++)
        {
            CollectCall(request, calls[position], request.HistoryToolCallCount + position, seenIds, checks, found);
        }
    }

    private static bool ViolatesToolChoice(ChatRequest request, IReadOnlyList<AccumulatedToolCall> calls, string? finishReason) =>
        request.ToolChoice switch
        {
            ToolChoiceKind.None => calls.Count > 0 || finishReason == "tool_calls",
            ToolChoiceKind.Required => calls.Count == 0,
            ToolChoiceKind.Named => calls.Count == 0 || calls.Any(call => call.Name != request.ToolChoiceName),
            _ => false,
        };

    private static void CollectCall(
        ChatRequest request,
        AccumulatedToolCall call,
        int expectedIndex,
        HashSet<string> seenIds,
        ArgumentsCheckMemo checks,
        HashSet<string> found)
    {
        var tool = request.Tools.FirstOrDefault(candidate => candidate.Name is not null && candidate.Name == call.Name);
        CollectId(call, tool is not null, expectedIndex, seenIds, found);

        if (string.IsNullOrEmpty(call.Name))
        {
            found.Add(FindingSlugs.EmptyName);
        }
        else if (call.Name.StartsWith("functions.", StringComparison.Ordinal))
        {
            found.Add(FindingSlugs.NameHasFunctionsPrefix);
        }

        if (tool is null)
        {
            found.Add(FindingSlugs.UnknownTool);
            return;
        }

        var arguments = call.Arguments;
        if (arguments.ValueKind != JsonValueKind.String)
        {
            found.Add(FindingSlugs.ArgumentsNotString);
        }

        if (call.ArgumentsText is { } text && ArgumentsShape.IsDoubleEncoded(text))
        {
            found.Add(FindingSlugs.DoubleEncodedArguments);
        }

        // A tool declared without a usable schema accepts any JSON arguments here; the K2VV
        // verdict still counts its calls as invalid, as the reference does.
        var schema = tool.Parameters is { } parameters && SchemaTruthiness.IsTruthy(parameters)
            ? parameters
            : JsonDocument.Parse("{}").RootElement;
        var check = arguments.ValueKind == JsonValueKind.Undefined
            ? new ArgumentsCheck(ArgumentsOutcome.SchemaViolation, "arguments missing")
            : checks.CheckArguments(schema, arguments);
        switch (check.Outcome)
        {
            case ArgumentsOutcome.InvalidJson:
                found.Add(FindingSlugs.InvalidJson);
                break;
            case ArgumentsOutcome.SchemaViolation:
                found.Add(FindingSlugs.SchemaViolation);
                if (ArgumentsShape.HasNestedJsonString(arguments))
                {
                    found.Add(FindingSlugs.NestedJsonString);
                }

                break;
            case ArgumentsOutcome.InvalidSchema:
                found.Add(FindingSlugs.InvalidSchema);
                break;
            case ArgumentsOutcome.Error:
                found.Add(FindingSlugs.ValidationError);
                break;
        }
    }

    private static void CollectId(AccumulatedToolCall call, bool isKnownTool, int expectedIndex, HashSet<string> seenIds, HashSet<string> found)
    {
        if (string.IsNullOrEmpty(call.Id))
        {
            found.Add(FindingSlugs.MissingId);
            return;
        }

        if (!seenIds.Add(call.Id))
        {
            found.Add(FindingSlugs.DuplicateId);
        }

        if (!ToolCallIdFormat.TryParse(call.Id, out var idName, out var index))
        {
            found.Add(FindingSlugs.BadIdFormat);
            return;
        }

        // The embedded name is compared only when the call's own name is a declared tool:
        // a corrupted name is reported by the name findings, not blamed on the id.
        if (isKnownTool && idName != call.Name)
        {
            found.Add(FindingSlugs.BadIdFormat);
        }
        else if (index != expectedIndex)
        {
            found.Add(FindingSlugs.IdIndexNotGlobal);
        }
    }

    private static List<string> Ordered(HashSet<string> found) =>
        [.. FindingSlugs.All.Where(found.Contains), .. found.Where(slug => !FindingSlugs.All.Contains(slug)).Order(StringComparer.Ordinal)];
}
