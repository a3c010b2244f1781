using System.Text.Json;
using K2VV.Verification.Schemas;

namespace K2VV.Verification.Streaming;

/// <summary>Python truthiness of JSON values, as the reference's <c>if value:</c> tests read them.</summary>
internal static class JsonTruthiness
{
    /// <summary>Returns false for null, false, 0, "", [] and {}; true for everything else.</summary>
    public static bool IsTruthy(JsonElement value) => SchemaTruthiness.IsTruthy(value);

    /// <summary>Returns the property when <paramref name="value"/> is an object that has it; otherwise an undefined element.</summary>
    public static JsonElement Get(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var property) ? property : default;

    /// <summary>As <see cref="Get(JsonElement, string)"/>, with a UTF-8 name that needs no transcoding per lookup.</summary>
    public static JsonElement Get(JsonElement value, ReadOnlySpan<byte> utf8Name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(utf8Name, out var property) ? property : default;

    /// <summary>Returns the string value, or null when <paramref name="value"/> is not a JSON string.</summary>
    public static string? GetString(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
