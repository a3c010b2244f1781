using System.Text.Json;
using K2VV.Verification.Schemas;

namespace K2VV.Verification.Verdicts;

/// <summary>Detects arguments that were JSON-encoded twice, whole or per value.</summary>
internal static class ArgumentsShape
{
    /// <summary>Returns true when the arguments string decodes to a string that contains a JSON object or array.</summary>
    public static bool IsDoubleEncoded(string arguments) =>
        TryParse(arguments, out var outer)
        && outer.ValueKind == JsonValueKind.String
        && IsJsonContainer(outer.GetString()!);

    /// <summary>Returns true when a value of the decoded arguments object is a string holding a JSON object or array.</summary>
    public static bool HasNestedJsonString(JsonElement arguments)
    {
        if (arguments.ValueKind == JsonValueKind.String)
        {
            if (!TryParse(arguments.GetString()!, out var parsed))
            {
                return false;
            }

            arguments = parsed;
        }

        return arguments.ValueKind == JsonValueKind.Object
            && arguments.EnumerateObject().Any(property =>
                property.Value.ValueKind == JsonValueKind.String && IsJsonContainer(property.Value.GetString()!));
    }

    private static bool IsJsonContainer(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length >= 2
            && ((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']'))
            && TryParse(text, out var inner)
            && inner.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
    }

    private static bool TryParse(string text, out JsonElement value) => PythonJson.TryParse(text, out value, out _);
}
