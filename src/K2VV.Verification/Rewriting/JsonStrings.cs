using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace K2VV.Verification.Rewriting;

/// <summary>Byte-level access to JSON string values of a document parsed straight from the request body.</summary>
internal static class JsonStrings
{
    /// <summary>Returns the value's text as it appears in the body, quotes and escapes included.</summary>
    public static ReadOnlySpan<byte> Raw(JsonElement element) => JsonMarshal.GetRawUtf8Value(element);

    /// <summary>Returns the UTF-8 bytes of a string value, unescaped; allocates only when the value has escapes.</summary>
    public static ReadOnlySpan<byte> Unescaped(JsonElement value)
    {
        var inner = Raw(value)[1..^1];
        if (inner.IndexOf((byte)'\\') < 0)
        {
            return inner;
        }

        return Encoding.UTF8.GetBytes(value.GetString() ?? string.Empty);
    }

    /// <summary>
    /// Returns where <paramref name="raw"/> starts in <paramref name="body"/>. A document parsed from a
    /// <see cref="ReadOnlyMemory{T}"/> reads the caller's bytes in place, so every raw value is a slice of the body.
    /// </summary>
    public static int OffsetIn(ReadOnlySpan<byte> body, ReadOnlySpan<byte> raw)
    {
        if (!body.Overlaps(raw, out int offset))
        {
            throw new InvalidOperationException("A JSON value does not lie inside the parsed request body.");
        }

        return offset;
    }
}
