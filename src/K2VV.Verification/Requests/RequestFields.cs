using System.Text.Json;

namespace K2VV.Verification.Requests;

/// <summary>Reads the top-level fields of a chat-completion request that verification needs.</summary>
internal static class RequestFields
{
    /// <summary>Returns <c>model</c> when it is a string.</summary>
    public static string? ReadModel(JsonElement root) =>
        root.TryGetProperty("model"u8, out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null;

    /// <summary>Returns true when <c>stream</c> is the literal <c>true</c>.</summary>
    public static bool ReadStream(JsonElement root) =>
        root.TryGetProperty("stream"u8, out var stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>
    /// Reads every <c>tools</c> entry in order, as the reference scans them: the name is
    /// <c>function.name</c> and the schema <c>function.parameters</c>, whatever its type. An entry without
    /// them is kept with nulls, because the reference fails a lookup that reaches such an entry.
    /// </summary>
    public static IReadOnlyList<ToolDefinition> ReadTools(JsonElement root)
    {
        if (!root.TryGetProperty("tools"u8, out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        int count = tools.GetArrayLength();
        if (count == 0)
        {
            return [];
        }

        var definitions = new ToolDefinition[count];
        int position = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            definitions[position++] = ReadTool(tool);
        }

        return definitions;
    }

    /// <summary>Reads <c>tool_choice</c>; an unknown value reads as <see cref="ToolChoiceKind.Auto"/>.</summary>
    public static (ToolChoiceKind Kind, string? Name) ReadToolChoice(JsonElement root)
    {
        if (!root.TryGetProperty("tool_choice"u8, out var choice))
        {
            return (ToolChoiceKind.Auto, null);
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            if (choice.ValueEquals("none"u8))
            {
                return (ToolChoiceKind.None, null);
            }

            return choice.ValueEquals("required"u8) ? (ToolChoiceKind.Required, null) : (ToolChoiceKind.Auto, null);
        }

        if (choice.ValueKind == JsonValueKind.Object
            && choice.TryGetProperty("function"u8, out var function)
            && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name"u8, out var name)
            && name.ValueKind == JsonValueKind.String)
        {
            return (ToolChoiceKind.Named, name.GetString());
        }

        return (ToolChoiceKind.Auto, null);
    }

    private static ToolDefinition ReadTool(JsonElement tool)
    {
        if (tool.ValueKind != JsonValueKind.Object
            || !tool.TryGetProperty("function"u8, out var function)
            || function.ValueKind != JsonValueKind.Object)
        {
            return new ToolDefinition(null, null);
        }

        string? name = function.TryGetProperty("name"u8, out var nameValue) && nameValue.ValueKind == JsonValueKind.String
            ? nameValue.GetString()
            : null;
        // The schema must outlive the parsed body, so it is copied; names and descriptions are not.
        JsonElement? parameters = function.TryGetProperty("parameters"u8, out var schema) ? schema.Clone() : null;
        return new ToolDefinition(name, parameters);
    }
}
