using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2VV.Verification.Streaming;

/// <summary>
/// The reference's stream accumulation, quirks included: fragments keyed by <c>index</c> only
/// (missing index is 0), <c>id</c> and <c>type</c> from the first fragment, <c>name</c>
/// replaced by each later non-empty name, <c>arguments</c> concatenated, chunks without
/// choices (usage-only chunks) skipped, <c>reasoning_content</c> ignored.
/// </summary>
internal sealed class ReferenceStreamAccumulation
{
    private static readonly string[] SmallIndexKeys = [.. Enumerable.Range(0, 16).Select(number => number.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private readonly CappedText _content;
    private readonly int _maxArgumentsChars;
    private readonly int _maxToolCalls;
    private readonly Dictionary<string, int> _callsByKey = [];
    private readonly List<ReferenceToolCall> _calls = [];
    private JsonNode? _id;
    private string? _idText;
    private long? _createdSeconds;
    private JsonNode? _created;
    private JsonNode? _finishReason;
    private JsonNode? _usage;

    public ReferenceStreamAccumulation(AccumulatorLimits limits)
    {
        _content = new CappedText(limits.MaxTextChars);
        _maxArgumentsChars = limits.MaxArgumentsChars;
        _maxToolCalls = limits.MaxToolCalls;
    }

    /// <summary>Why the reference's client would have raised, or null.</summary>
    public string? Failure { get; set; }

    public bool IsCapped { get; private set; }

    public void Apply(JsonElement chunk)
    {
        if (Failure is not null || chunk.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // Every chunk repeats id and created, so they are copied only when they change.
        var id = JsonTruthiness.Get(chunk, "id"u8);
        if (JsonTruthiness.IsTruthy(id) && !(id.ValueKind == JsonValueKind.String && _idText is not null && id.ValueEquals(_idText)))
        {
            _id = JsonNode.Parse(id.GetRawText());
            _idText = id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }

        var created = JsonTruthiness.Get(chunk, "created"u8);
        if (JsonTruthiness.IsTruthy(created) && !(created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out var seconds) && seconds == _createdSeconds))
        {
            _created = JsonNode.Parse(created.GetRawText());
            _createdSeconds = created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out var parsed) ? parsed : null;
        }

        var choices = JsonTruthiness.Get(chunk, "choices"u8);
        if (choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return;
        }

        var choice = choices[0];
        var delta = JsonTruthiness.Get(choice, "delta"u8);
        ApplyContent(JsonTruthiness.Get(delta, "content"u8));

        var fragments = JsonTruthiness.Get(delta, "tool_calls"u8);
        if (fragments.ValueKind == JsonValueKind.Array)
        {
            foreach (var fragment in fragments.EnumerateArray())
            {
                ApplyFragment(fragment);
            }
        }

        var finishReason = JsonTruthiness.Get(choice, "finish_reason"u8);
        if (JsonTruthiness.IsTruthy(finishReason))
        {
            _finishReason = JsonNode.Parse(finishReason.GetRawText());
        }

        var usage = JsonTruthiness.Get(choice, "usage"u8);
        if (JsonTruthiness.IsTruthy(usage))
        {
            _usage = JsonNode.Parse(usage.GetRawText());
        }
    }

    private void ApplyContent(JsonElement content)
    {
        if (!JsonTruthiness.IsTruthy(content))
        {
            return;
        }

        if (content.ValueKind != JsonValueKind.String)
        {
            // "".join() over a non-string raises TypeError in the reference.
            Failure = "content fragment is not a string";
            return;
        }

        _content.Append(content.GetString()!);
        IsCapped |= _content.IsCapped;
    }

    private void ApplyFragment(JsonElement fragment)
    {
        if (fragment.ValueKind != JsonValueKind.Object)
        {
            Failure = "tool call fragment is not an object";
            return;
        }

        var index = JsonTruthiness.Get(fragment, "index"u8);
        var key = index.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "0" : IndexKey(index);
        if (!_callsByKey.TryGetValue(key, out var position))
        {
            if (_calls.Count >= _maxToolCalls)
            {
                IsCapped = true;
                return;
            }

            position = _calls.Count;
            _callsByKey[key] = position;
            _calls.Add(new ReferenceToolCall(
                CloneOrNull(JsonTruthiness.Get(fragment, "id"u8)),
                CloneOrNull(JsonTruthiness.Get(fragment, "type"u8)),
                _maxArgumentsChars));
        }

        var call = _calls[position];
        var function = JsonTruthiness.Get(fragment, "function"u8);
        var name = JsonTruthiness.Get(function, "name"u8);
        if (JsonTruthiness.IsTruthy(name))
        {
            call.Name = JsonNode.Parse(name.GetRawText());
        }

        var arguments = JsonTruthiness.Get(function, "arguments"u8);
        if (!JsonTruthiness.IsTruthy(arguments))
        {
            return;
        }

        if (arguments.ValueKind != JsonValueKind.String)
        {
            // str += dict raises TypeError in the reference.
            Failure = "arguments fragment is not a string";
            return;
        }

        call.Arguments.Append(arguments.GetString()!);
        IsCapped |= call.Arguments.IsCapped;
    }

    /// <summary>Builds the dict the reference writes as <c>response</c> for a stream.</summary>
    public JsonObject Build(string? requestModel)
    {
        JsonArray? toolCalls = null;
        if (_calls.Count > 0)
        {
            toolCalls = [];
            foreach (var call in _calls)
            {
                toolCalls.Add(new JsonObject
                {
                    ["id"] = call.Id?.DeepClone(),
                    ["type"] = call.Type?.DeepClone(),
                    ["function"] = new JsonObject
                    {
                        ["name"] = call.Name?.DeepClone() ?? JsonValue.Create(string.Empty),
                        ["arguments"] = call.Arguments.ToString(),
                    },
                });
            }
        }

        return new JsonObject
        {
            ["id"] = _id?.DeepClone(),
            ["object"] = "chat.completion",
            ["created"] = _created?.DeepClone(),
            ["model"] = requestModel ?? string.Empty,
            ["choices"] = new JsonArray
            {
                new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject
                    {
                        ["role"] = "assistant",
                        ["content"] = _content.ToString(),
                        ["tool_calls"] = toolCalls,
                    },
                    ["finish_reason"] = _finishReason?.DeepClone() ?? JsonValue.Create("stop"),
                },
            },
            ["usage"] = _usage?.DeepClone(),
        };
    }

    private static string IndexKey(JsonElement index)
    {
        // Most fragments carry a small plain integer: its key is its digits, without formatting a double.
        // "-0" is left to the general rule below.
        if (index.ValueKind == JsonValueKind.Number
            && index.TryGetInt32(out var small)
            && small is >= 0 and < 16
            && JsonMarshal.GetRawUtf8Value(index)[0] != (byte)'-')
        {
            return SmallIndexKeys[small];
        }

        return IndexKeyOfValue(index);
    }

    private static string IndexKeyOfValue(JsonElement index) =>

        // Python dict keys: 0, 0.0 and False are one key, so numbers compare by value.
        index.ValueKind switch
        {
            JsonValueKind.Number when index.TryGetDouble(out var number) => number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.False => "0",
            JsonValueKind.True => "1",
            _ => index.GetRawText(),
        };

    private static JsonNode? CloneOrNull(JsonElement value) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : JsonNode.Parse(value.GetRawText());

    private sealed class ReferenceToolCall(JsonNode? id, JsonNode? type, int maxArgumentsChars)
    {
        public JsonNode? Id { get; } = id;

        public JsonNode? Type { get; } = type;

        public JsonNode? Name { get; set; }

        public CappedText Arguments { get; } = new(maxArgumentsChars);
    }
}
