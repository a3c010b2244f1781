using System.Text.Encodings.Web;
using System.Text.Json;

namespace K2VV.Proxy.Replay;

/// <summary>Serializer options for results lines: compact, non-ASCII kept as the reference writes it.</summary>
internal static class ResultJson
{
    /// <summary>Compact output that escapes only what JSON requires.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
