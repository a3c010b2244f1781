using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2VV.Proxy.Shadow;

/// <summary>Builds the body sent to the official API from the body forwarded to the vendor.</summary>
internal static class ShadowBody
{
    /// <summary>
    /// Returns <paramref name="forwardedBody"/> with its <c>model</c> set to
    /// <paramref name="officialModel"/>, or unchanged when that is null. Every other field,
    /// <c>stream</c> included, is kept, so the official API responds in the same form (streamed or not).
    /// </summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static ReadOnlyMemory<byte> Build(ReadOnlyMemory<byte> forwardedBody, string? officialModel)
    {
        if (officialModel is null)
        {
            return forwardedBody;
        }

        if (JsonNode.Parse(forwardedBody.Span) is not JsonObject body)
        {
            throw new JsonException("The chat-completion request body is not a JSON object.");
        }

        body["model"] = officialModel;
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }
}
