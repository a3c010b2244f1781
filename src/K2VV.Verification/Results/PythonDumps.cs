using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2VV.Verification.Results;

/// <summary>
/// Serializes JSON the way Python's <c>json.dumps(value, sort_keys=True, ensure_ascii=False)</c>
/// does with its default separators (<c>", "</c> and <c>": "</c>), so that hashes of requests
/// match the reference byte for byte.
/// </summary>
/// <remarks>
/// A number is printed as Python would print the value <c>json.loads</c> made of it: a token
/// without fraction or exponent is an integer of any size (<c>-0</c> becomes <c>0</c>), any other
/// token is a float printed with Python's shortest round-trip <c>repr</c> (<c>1e2</c> becomes
/// <c>100.0</c>, <c>1e-05</c> stays exponential). Values built in code from <see cref="double"/>
/// or <see cref="float"/> are floats; integer types are integers.
/// </remarks>
public static class PythonDumps
{
    /// <summary>Returns the UTF-8 bytes of <c>json.dumps(node, sort_keys=True, ensure_ascii=False)</c>.</summary>
    public static byte[] DumpsSortedUtf8(JsonNode? node)
    {
        var builder = new StringBuilder(256);
        Write(builder, node);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Returns the text of <c>json.dumps(node, sort_keys=True, ensure_ascii=False)</c>.</summary>
    public static string DumpsSorted(JsonNode? node)
    {
        var builder = new StringBuilder(256);
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>Formats a double as Python's <c>repr(float)</c> does, as <c>json.dumps</c> prints it.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "E16" is not shortest, so take .NET's shortest round-trip text and split it into
        // digits and a decimal exponent, then lay them out by Python's rule.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        if (negative)
        {
            shortest = shortest[1..];
        }

        var exponentAt = shortest.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var pointAt = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = pointAt < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, pointAt), mantissa.AsSpan(pointAt + 1));
        var integerDigits = pointAt < 0 ? mantissa.Length : pointAt;

        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // The value is 0.DIGITS * 10^decimalPoint.
        var decimalPoint = integerDigits - leadingZeros + exponent;
        var text = new StringBuilder(32);
        if (negative)
        {
            text.Append('-');
        }

        // Python's repr switches to exponent notation when decimalPoint <= -4 or > 16.
        if (decimalPoint > -4 && decimalPoint <= 16)
        {
            if (decimalPoint <= 0)
            {
                text.Append("0.").Append('0', -decimalPoint).Append(digits);
            }
            else if (decimalPoint >= digits.Length)
            {
                text.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
            }
            else
            {
                text.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
            }
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var printedExponent = decimalPoint - 1;
            text.Append('e').Append(printedExponent < 0 ? '-' : '+');
            text.Append(Math.Abs(printedExponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static void Write(StringBuilder output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                break;
            case JsonObject obj:
                WriteObject(output, obj);
                break;
            case JsonArray array:
                output.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(", ");
                    }

                    Write(output, array[i]);
                }

                output.Append(']');
                break;
            case JsonValue value:
                WriteValue(output, value);
                break;
        }
    }

    private static void WriteObject(StringBuilder output, JsonObject obj)
    {
        var entries = new KeyValuePair<string, JsonNode?>[obj.Count];
        var count = 0;
        foreach (var entry in obj)
        {
            entries[count++] = entry;
        }

        Array.Sort(entries, static (a, b) => CompareCodePoints(a.Key, b.Key));
        output.Append('{');
        for (var i = 0; i < entries.Length; i++)
        {
            if (i > 0)
            {
                output.Append(", ");
            }

            WriteString(output, entries[i].Key);
            output.Append(": ");
            Write(output, entries[i].Value);
        }

        output.Append('}');
    }

    private static void WriteValue(StringBuilder output, JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(output, element);
            return;
        }

        if (value.TryGetValue<string>(out var text))
        {
            WriteString(output, text);
        }
        else if (value.TryGetValue<bool>(out var flag))
        {
            output.Append(flag ? "true" : "false");
        }
        else if (value.TryGetValue<double>(out var number))
        {
            output.Append(FormatFloat(number));
        }
        else if (value.TryGetValue<float>(out var single))
        {
            output.Append(FormatFloat(single));
        }
        else if (value.TryGetValue<decimal>(out var money))
        {
            output.Append(FormatFloat((double)money));
        }
        else
        {
            // Integer types and anything else System.Text.Json can print: reuse its text.
            WriteElement(output, JsonSerializer.SerializeToElement(value));
        }
    }

    private static void WriteElement(StringBuilder output, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(output, JsonObject.Create(element)!);
                break;
            case JsonValueKind.Array:
                Write(output, JsonArray.Create(element));
                break;
            case JsonValueKind.String:
                WriteString(output, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(output, element.GetRawText());
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            default:
                output.Append("null");
                break;
        }
    }

    private static void WriteNumber(StringBuilder output, string token)
    {
        if (token.AsSpan().IndexOfAny(".eE") >= 0)
        {
            output.Append(FormatFloat(double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture)));
            return;
        }

        // Python ints have no size limit and no negative zero.
        output.Append(BigInteger.Parse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteString(StringBuilder output, string text)
    {
        output.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }

    /// <summary>Compares two strings by Unicode code point, as Python sorts <c>str</c>.</summary>
    internal static int CompareCodePoints(string left, string right)
    {
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = left[i];
            var b = right[i];
            if (a != b)
            {
                return FixUp(a) - FixUp(b);
            }
        }

        return left.Length - right.Length;
    }

    // Moves surrogates above U+E000-U+FFFF so UTF-16 units sort in code point order.
    private static int FixUp(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
