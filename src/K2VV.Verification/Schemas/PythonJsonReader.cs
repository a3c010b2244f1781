using System.Globalization;
using System.Text;

namespace K2VV.Verification.Schemas;

/// <summary>Recursive-descent reader with the grammar and error cases of CPython's <c>json</c> decoder.</summary>
internal sealed class PythonJsonReader(string text, int maxDepth)
{
    private int _position;

    public bool TryRead(out object? root, out string? error)
    {
        root = null;
        error = null;
        try
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                throw Fail("Unexpected UTF-8 BOM (decode using utf-8-sig)");
            }

            SkipWhitespace();
            root = ReadValue(0);
            SkipWhitespace();
            if (_position != text.Length)
            {
                throw Fail("Extra data");
            }

            return true;
        }
        catch (FormatException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    private FormatException Fail(string message) =>
        new($"{message}: char {_position.ToString(CultureInfo.InvariantCulture)}");

    private void SkipWhitespace()
    {
        while (_position < text.Length && text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private object? ReadValue(int depth)
    {
        if (_position >= text.Length)
        {
            throw Fail("Expecting value");
        }

        var c = text[_position];
        switch (c)
        {
            case '"':
                _position++;
                return ReadString();
            case '{':
                return ReadObject(depth + 1);
            case '[':
                return ReadArray(depth + 1);
        }

        if (TryLiteral("null"))
        {
            return null;
        }

        if (TryLiteral("true"))
        {
            return true;
        }

        if (TryLiteral("false"))
        {
            return false;
        }

        if (TryLiteral("NaN"))
        {
            return new PythonNumber(PythonJson.NaNToken);
        }

        if (TryLiteral("Infinity"))
        {
            return new PythonNumber(PythonJson.PositiveInfinityToken);
        }

        if (TryLiteral("-Infinity"))
        {
            return new PythonNumber(PythonJson.NegativeInfinityToken);
        }

        return ReadNumber() ?? throw Fail("Expecting value");
    }

    private bool TryLiteral(string literal)
    {
        if (string.CompareOrdinal(text, _position, literal, 0, literal.Length) != 0)
        {
            return false;
        }

        _position += literal.Length;
        return true;
    }

    // Python's pattern: (-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?
    private PythonNumber? ReadNumber()
    {
        var start = _position;
        var i = _position;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return null;
        }

        i = text[i] == '0' ? i + 1 : SkipDigits(i);
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i = SkipDigits(i + 1);
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                i = SkipDigits(exponent);
            }
        }

        _position = i;
        return new PythonNumber(text[start..i]);
    }

    private int SkipDigits(int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    private string ReadString()
    {
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= text.Length)
            {
                throw Fail("Unterminated string starting at");
            }

            var c = text[_position++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c < 0x20)
            {
                _position--;
                throw Fail("Invalid control character at");
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= text.Length)
            {
                throw Fail("Unterminated string starting at");
            }

            var escape = text[_position++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u': builder.Append(ReadUnicodeEscape()); break;
                default:
                    _position -= 2;
                    throw Fail("Invalid \\escape");
            }
        }
    }

    private string ReadUnicodeEscape()
    {
        var first = ReadHex4();
        if (char.IsHighSurrogate(first) && _position + 1 < text.Length && text[_position] == '\\' && text[_position + 1] == 'u')
        {
            var saved = _position;
            _position += 2;
            var second = ReadHex4();
            if (char.IsLowSurrogate(second))
            {
                return new string([first, second]);
            }

            _position = saved;
        }

        // NOTE: Python keeps a lone surrogate in its str; a JsonElement cannot hold one, so it becomes U+FFFD.
        return char.IsSurrogate(first) ? "\uFFFD" : first.ToString();
    }

    private char ReadHex4()
    {
        if (_position + 4 > text.Length || !ushort.TryParse(text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            _position--;
            throw Fail("Invalid \\uXXXX escape");
        }

        _position += 4;
        return (char)code;
    }

    private List<KeyValuePair<string, object?>> ReadObject(int depth)
    {
        CheckDepth(depth);
        _position++;
        var members = new List<KeyValuePair<string, object?>>();
        Dictionary<string, int>? indexByKey = null;
        SkipWhitespace();
        if (_position < text.Length && text[_position] == '}')
        {
            _position++;
            return members;
        }

        while (true)
        {
            if (_position >= text.Length || text[_position] != '"')
            {
                throw Fail("Expecting property name enclosed in double quotes");
            }

            _position++;
            var key = ReadString();
            SkipWhitespace();
            if (_position >= text.Length || text[_position] != ':')
            {
                throw Fail("Expecting ':' delimiter");
            }

            _position++;
            SkipWhitespace();
            var member = ReadValue(depth);

            // Python's dict keeps the first position of a repeated key and the last value.
            indexByKey ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (indexByKey.TryGetValue(key, out var index))
            {
                members[index] = new(key, member);
            }
            else
            {
                indexByKey[key] = members.Count;
                members.Add(new(key, member));
            }

            SkipWhitespace();
            if (_position < text.Length && text[_position] == '}')
            {
                _position++;
                return members;
            }

            if (_position >= text.Length || text[_position] != ',')
            {
                throw Fail("Expecting ',' delimiter");
            }

            _position++;
            SkipWhitespace();
        }
    }

    private List<object?> ReadArray(int depth)
    {
        CheckDepth(depth);
        _position++;
        var items = new List<object?>();
        SkipWhitespace();
        if (_position < text.Length && text[_position] == ']')
        {
            _position++;
            return items;
        }

        while (true)
        {
            items.Add(ReadValue(depth));
            SkipWhitespace();
            if (_position < text.Length && text[_position] == ']')
            {
                _position++;
                return items;
            }

            if (_position >= text.Length || text[_position] != ',')
            {
                throw Fail("Expecting ',' delimiter");
            }

            _position++;
            SkipWhitespace();
        }
    }

    private void CheckDepth(int depth)
    {
        if (depth > maxDepth)
        {
            throw Fail($"Nesting deeper than {maxDepth.ToString(CultureInfo.InvariantCulture)} levels");
        }
    }
}
