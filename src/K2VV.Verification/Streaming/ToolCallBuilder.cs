using System.Text;
using System.Text.Json;

namespace K2VV.Verification.Streaming;

/// <summary>Mutable state of one streamed tool call in the correct accumulation.</summary>
internal sealed class ToolCallBuilder
{
    private readonly StringBuilder _arguments = new();
    private readonly int _maxArgumentsChars;
    private JsonElement? _nonStringArguments;

    public ToolCallBuilder(int? index, string? id, int maxArgumentsChars)
    {
        Index = index;
        Id = id;
        _maxArgumentsChars = maxArgumentsChars;
    }

    public int? Index { get; }

    public string? Id { get; set; }

    public string? Type { get; set; }

    public string? Name { get; private set; }

    public bool ArgumentsCapped { get; private set; }

    /// <summary>
    /// Takes a name fragment. A repeat of the name so far is ignored (some servers send the
    /// whole name in every fragment); anything else is appended, for servers that split it.
    /// </summary>
    public void AddName(string name)
    {
        if (name.Length == 0 || name == Name)
        {
            return;
        }

        Name = Name is null ? name : Name + name;
    }

    public void AddArguments(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            var room = _maxArgumentsChars - _arguments.Length;
            if (text.Length > room)
            {
                ArgumentsCapped = true;
                text = text[..Math.Max(room, 0)];
            }

            _arguments.Append(text);
        }
        else if (value.ValueKind != JsonValueKind.Null)
        {
            _nonStringArguments = value.Clone();
        }
    }

    public AccumulatedToolCall Build()
    {
        var arguments = _nonStringArguments is { } raw && _arguments.Length == 0
            ? raw
            : JsonSerializer.SerializeToElement(_arguments.ToString());
        return new AccumulatedToolCall(Index, Id, Type, Name, arguments, ArgumentsCapped);
    }
}
