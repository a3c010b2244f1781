using System.Runtime.InteropServices;
using System.Text.Json;
using K2VV.Verification.Schemas;

namespace K2VV.Verification.Verdicts;

/// <summary>
/// Remembers the arguments checks of one verdict, so the K2VV verdict and the strict findings check
/// a call's arguments against its schema once when both views of the call carry the same arguments.
/// </summary>
/// <remarks>
/// Two checks are the same when the schemas have the same JSON text and the arguments the same value:
/// for strings the unescaped text (the two views escape differently), otherwise the JSON text.
/// Not thread-safe: one instance serves one evaluation.
/// </remarks>
internal sealed class ArgumentsCheckMemo(ToolSchemaValidator validator)
{
    private readonly List<Entry> _entries = [];

    /// <summary>The validator behind the memo.</summary>
    public ToolSchemaValidator Validator => validator;

    /// <summary>Returns <see cref="ToolSchemaValidator.CheckArguments"/> of the pair, from memory when it was checked before.</summary>
    public ArgumentsCheck CheckArguments(JsonElement schema, JsonElement arguments)
    {
        if (KeyOf(arguments) is not { } key)
        {
            return validator.CheckArguments(schema, arguments);
        }

        var schemaText = JsonMarshal.GetRawUtf8Value(schema);
        foreach (var entry in _entries)
        {
            if (entry.Kind == arguments.ValueKind && entry.Arguments == key && schemaText.SequenceEqual(JsonMarshal.GetRawUtf8Value(entry.Schema)))
            {
                return entry.Check;
            }
        }

        var check = validator.CheckArguments(schema, arguments);
        _entries.Add(new Entry(schema, arguments.ValueKind, key, check));
        return check;
    }

    private static string? KeyOf(JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.String)
        {
            return arguments.GetRawText();
        }

        try
        {
            return arguments.GetString();
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape: the validator reports it, so the check is not remembered.
            return null;
        }
    }

    private readonly record struct Entry(JsonElement Schema, JsonValueKind Kind, string Arguments, ArgumentsCheck Check);
}
