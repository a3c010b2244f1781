using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace K2VV.Verification.Schemas;

/// <summary>
/// Parses text the way Python's <c>json.loads</c> does (CPython 3, default arguments).
/// </summary>
/// <remarks>
/// <para>Accepted beyond RFC 8259, as Python accepts them: the literals <c>NaN</c>, <c>Infinity</c> and
/// <c>-Infinity</c>; duplicate object keys (the last value wins); lone surrogate escapes such as
/// <c>"\ud800"</c>. Rejected, as Python rejects them: trailing text other than whitespace (space, tab,
/// CR, LF), single quotes, trailing commas, comments, raw control characters inside strings and a
/// leading byte order mark.</para>
/// <para>The result is a <see cref="JsonElement"/>, which cannot hold every Python value, so three
/// values are mapped: a lone surrogate becomes U+FFFD (one code point, as in Python, so lengths
/// agree); <c>Infinity</c> and <c>-Infinity</c> become the number tokens <c>1e999</c> and
/// <c>-1e999</c> (which Python reads as infinities too); <c>NaN</c> becomes the number token
/// <see cref="NaNToken"/>. The schema validator reads these tokens back as IEEE infinities and NaN.</para>
/// </remarks>
public static class PythonJson
{
    /// <summary>Number token that stands for Python's <c>float('nan')</c> in a parsed value.</summary>
    /// <remarks>No JSON number token means NaN; this one is otherwise read as an infinity, by Python too.</remarks>
    public const string NaNToken = "1E99999";

    /// <summary>Number token that stands for Python's <c>float('inf')</c> in a parsed value.</summary>
    public const string PositiveInfinityToken = "1e999";

    /// <summary>Number token that stands for Python's <c>float('-inf')</c> in a parsed value.</summary>
    public const string NegativeInfinityToken = "-1e999";

    /// <summary>Nesting depth allowed when no other limit is given.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Parses <paramref name="text"/> as <c>json.loads</c> would, nesting at most 64 levels.</summary>
    /// <param name="text">The text, for example a tool call's <c>function.arguments</c> string.</param>
    /// <param name="value">The parsed value, detached from any document, when the result is true.</param>
    /// <param name="error">A one-line reason with the character offset when the result is false.</param>
    /// <returns>True when Python would parse the text.</returns>
    public static bool TryParse(string text, out JsonElement value, out string? error) =>
        TryParse(text, DefaultMaxDepth, out value, out error);

    /// <summary>Parses <paramref name="text"/> as <c>json.loads</c> would.</summary>
    /// <param name="text">The text, for example a tool call's <c>function.arguments</c> string.</param>
    /// <param name="maxDepth">Arrays and objects nested deeper than this fail with an error (Python's own limit is its recursion limit, about 1,000).</param>
    /// <param name="value">The parsed value, detached from any document, when the result is true.</param>
    /// <param name="error">A one-line reason with the character offset when the result is false.</param>
    /// <returns>True when Python would parse the text (and it is within <paramref name="maxDepth"/>).</returns>
    public static bool TryParse(string text, int maxDepth, out JsonElement value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;

        var parser = new PythonJsonReader(text, maxDepth);
        if (!parser.TryRead(out var root, out error))
        {
            return false;
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, text.Length + 16));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = maxDepth + 1 }))
        {
            PythonJsonWriter.Write(writer, root);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        value = JsonElement.ParseValue(ref reader);
        return true;
    }

    /// <summary>Reads a number element as Python's float value, mapping the special tokens back.</summary>
    internal static double ToDouble(JsonElement number)
    {
        if (number.TryGetDouble(out var result) && double.IsFinite(result))
        {
            return result;
        }

        var raw = number.GetRawText();
        if (raw == NaNToken)
        {
            return double.NaN;
        }

        // Literals beyond the double range overflow to infinity in Python's float().
        return raw.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>True when the number was written with a fraction or exponent, which makes it a Python float.</summary>
    internal static bool IsFloatLiteral(JsonElement number) =>
        JsonMarshal.GetRawUtf8Value(number).IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;
}
