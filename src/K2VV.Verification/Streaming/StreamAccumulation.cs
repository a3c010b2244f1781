using System.Text.Json;

namespace K2VV.Verification.Streaming;

/// <summary>
/// The correct accumulation of streamed chunks: parallel calls that share or lack an
/// <c>index</c> are separated by <c>id</c>, names repeated in every fragment are taken once,
/// <c>reasoning_content</c> is kept, and usage comes from the final usage chunk.
/// </summary>
internal sealed class StreamAccumulation
{
    private readonly AccumulatorLimits _limits;
    private readonly List<ToolCallBuilder> _calls = [];

    public StreamAccumulation(AccumulatorLimits limits)
    {
        _limits = limits;
        Content = new CappedText(limits.MaxTextChars);
        Reasoning = new CappedText(limits.MaxTextChars);
    }

    public CappedText Content { get; }

    public CappedText Reasoning { get; }

    public string? FinishReason { get; private set; }

    public TokenUsage? Usage { get; private set; }

    public bool ParallelCallsShareIndex { get; private set; }

    public int DroppedToolCalls { get; private set; }

    public int ChunkCount { get; private set; }

    public bool IsCapped => Content.IsCapped || Reasoning.IsCapped || DroppedToolCalls > 0 || _calls.Any(call => call.ArgumentsCapped);

    public IReadOnlyList<AccumulatedToolCall> BuildToolCalls() => [.. _calls.Select(call => call.Build())];

    public void Apply(JsonElement chunk)
    {
        ChunkCount++;
        if (TokenUsage.TryRead(JsonTruthiness.Get(chunk, "usage"u8)) is { } usage)
        {
            Usage = usage;
        }

        var choices = JsonTruthiness.Get(chunk, "choices"u8);
        if (choices.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var choice in choices.EnumerateArray())
        {
            // Only the first choice (index 0) is accumulated; n > 1 is not verified.
            var index = JsonTruthiness.Get(choice, "index"u8);
            if (index.ValueKind == JsonValueKind.Number && !(index.TryGetInt32(out var number) && number == 0))
            {
                continue;
            }

            ApplyChoice(choice);
        }
    }

    private void ApplyChoice(JsonElement choice)
    {
        var delta = JsonTruthiness.Get(choice, "delta"u8);
        if (JsonTruthiness.GetString(JsonTruthiness.Get(delta, "content"u8)) is { } content)
        {
            Content.Append(content);
        }

        var reasoning = JsonTruthiness.Get(delta, "reasoning_content"u8);
        if (reasoning.ValueKind != JsonValueKind.String)
        {
            reasoning = JsonTruthiness.Get(delta, "reasoning"u8);
        }

        if (JsonTruthiness.GetString(reasoning) is { } reasoningText)
        {
            Reasoning.Append(reasoningText);
        }

        var fragments = JsonTruthiness.Get(delta, "tool_calls"u8);
        if (fragments.ValueKind == JsonValueKind.Array)
        {
            foreach (var fragment in fragments.EnumerateArray())
            {
                ApplyFragment(fragment);
            }
        }

        if (JsonTruthiness.GetString(JsonTruthiness.Get(choice, "finish_reason"u8)) is { Length: > 0 } finishReason)
        {
            FinishReason = finishReason;
        }
    }

    private void ApplyFragment(JsonElement fragment)
    {
        if (fragment.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var indexElement = JsonTruthiness.Get(fragment, "index"u8);
        int? index = indexElement.ValueKind == JsonValueKind.Number && indexElement.TryGetInt32(out var number) ? number : null;
        var id = JsonTruthiness.GetString(JsonTruthiness.Get(fragment, "id"u8));
        if (id is { Length: 0 })
        {
            id = null;
        }

        var call = FindCall(index, id);
        if (call is null)
        {
            return;
        }

        if (JsonTruthiness.GetString(JsonTruthiness.Get(fragment, "type"u8)) is { Length: > 0 } type)
        {
            call.Type ??= type;
        }

        var function = JsonTruthiness.Get(fragment, "function"u8);
        if (JsonTruthiness.GetString(JsonTruthiness.Get(function, "name"u8)) is { } name)
        {
            call.AddName(name);
        }

        var arguments = JsonTruthiness.Get(function, "arguments"u8);
        if (arguments.ValueKind != JsonValueKind.Undefined)
        {
            call.AddArguments(arguments);
        }
    }

    /// <summary>
    /// Finds the call a fragment continues, or starts a new one. An id seen before continues its
    /// call. A new id starts a call even when its index is taken, and that is flagged. A fragment
    /// without an id continues the latest call with its index, or the latest call when it has no index.
    /// </summary>
    private ToolCallBuilder? FindCall(int? index, string? id)
    {
        if (id is not null)
        {
            for (var i = _calls.Count - 1; i >= 0; i--)
            {
                if (_calls[i].Id == id)
                {
                    return _calls[i];
                }
            }

            for (var i = _calls.Count - 1; i >= 0; i--)
            {
                var call = _calls[i];
                if (call.Index == index && index is not null)
                {
                    if (call.Id is null)
                    {
                        // The first fragment of this index had no id: this one names it.
                        call.Id = id;
                        return call;
                    }

                    ParallelCallsShareIndex = true;
                    break;
                }
            }

            return StartCall(index, id);
        }

        for (var i = _calls.Count - 1; i >= 0; i--)
        {
            if (index is null || _calls[i].Index == index)
            {
                return _calls[i];
            }
        }

        return StartCall(index, null);
    }

    private ToolCallBuilder? StartCall(int? index, string? id)
    {
        if (_calls.Count >= _limits.MaxToolCalls)
        {
            DroppedToolCalls++;
            return null;
        }

        var call = new ToolCallBuilder(index, id, _limits.MaxArgumentsChars);
        _calls.Add(call);
        return call;
    }
}
