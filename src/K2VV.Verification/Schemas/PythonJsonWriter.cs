using System.Text.Json;

namespace K2VV.Verification.Schemas;

/// <summary>Writes the value tree of <see cref="PythonJsonReader"/> as JSON.</summary>
internal static class PythonJsonWriter
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case PythonNumber number:
                writer.WriteRawValue(number.Token, skipInputValidation: true);
                break;
            case List<object?> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case List<KeyValuePair<string, object?>> members:
                writer.WriteStartObject();
                foreach (var (key, member) in members)
                {
                    writer.WritePropertyName(key);
                    Write(writer, member);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"Unexpected value type {value.GetType().Name}.");
        }
    }
}
