using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2VV.Verification.Results;

/// <summary>
/// Parses one JSON Lines line (a request or a result) into nodes the way Python's <c>json.loads</c> treats duplicate keys: the
/// last value wins, at the position of the first. <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>
/// instead throws on the first access to such an object.
/// </summary>
public static class JsonLineParser
{
    /// <summary>Nesting depth accepted; deeper input is rejected as invalid JSON.</summary>
    public const int MaxDepth = 512;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="JsonException"/> when it is not valid JSON.</summary>
    public static JsonNode? Parse(string text)
    {
        // One unpooled document for the whole text, so the values below can point into it.
        var root = JsonSerializer.Deserialize<JsonElement>(text, Options);
        return Convert(root);
    }

    private static readonly JsonSerializerOptions Options = new() { MaxDepth = MaxDepth };

    private static JsonNode? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = Convert(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Convert(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                // Element-backed, so a number keeps its text ("1.0" stays a float for the hash).
                return JsonValue.Create(element);
        }
    }
}
