using System.Text.Json;

namespace K2VV.Verification.Schemas;

/// <summary>Python truthiness of a JSON value, as the reference's <c>if not schema: return False</c> applies it.</summary>
public static class SchemaTruthiness
{
    /// <summary>
    /// False for what Python treats as false: a missing value, <c>null</c>, <c>{}</c>, <c>[]</c>, <c>""</c>,
    /// any zero number (<c>0</c>, <c>0.0</c>, <c>-0</c>) and <c>false</c>; true for everything else.
    /// </summary>
    public static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => false,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => PythonJson.ToDouble(value) != 0,
        _ => true,
    };
}
