using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Json.Schema;

namespace K2VV.Verification.Schemas.Engine;

/// <summary>Translates Python <c>re</c> patterns to .NET and compiles them with a match timeout.</summary>
/// <remarks>
/// Python's jsonschema matches with <c>re.search</c> on a str: <c>\d \w \s \b</c> are Unicode-aware, as
/// they are in .NET's default (non-ECMAScript) mode. Translated: <c>(?P&lt;name&gt;</c>, <c>(?P=name)</c>,
/// <c>\Z</c>, <c>\U0001F600</c>, <c>{,n}</c>. Rejected as Python rejects them: an escaped ASCII letter
/// that Python does not know, such as <c>\p{L}</c>.
/// NOTE: <c>.</c>, negated classes and classes holding astral characters still work on UTF-16 units, so
/// they can match half of a surrogate pair where Python matches the whole code point.
/// </remarks>
internal static class PythonRegex
{
    private const string KnownLetterEscapes = "abBdDfnrsStvwWZAxuUN";

    public static Regex Create(string pattern, TimeSpan matchTimeout)
    {
        try
        {
            return new Regex(Translate(pattern), RegexOptions.CultureInvariant, matchTimeout);
        }
        catch (ArgumentException exception)
        {
            throw new JsonSchemaException($"'{pattern}' is not a valid Python regular expression: {exception.Message}");
        }
    }

    public static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i = TranslateEscape(pattern, i, inClass, output);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[')
                {
                    // Python reads '[' inside a class as a literal; .NET could read "-[" as class subtraction.
                    output.Append('\\');
                }

                output.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                output.Append(c);

                // A ']' right after '[' or '[^' is a literal in Python.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    output.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    output.Append("\\]");
                    i++;
                }

                continue;
            }

            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                output.Append("(?<");
                i += 3;
                continue;
            }

            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                var end = pattern.IndexOf(')', i);
                if (end < 0)
                {
                    throw new JsonSchemaException($"'{pattern}' has an unterminated group reference");
                }

                output.Append("\\k<").Append(pattern, i + 4, end - i - 4).Append('>');
                i = end;
                continue;
            }

            // Python matches code points and .NET UTF-16 units: a quantifier after an astral character
            // must repeat the whole surrogate pair.
            if (char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]))
            {
                output.Append("(?:").Append(c).Append(pattern[i + 1]).Append(')');
                i++;
                continue;
            }

            if (c == '{' && i + 1 < pattern.Length && pattern[i + 1] == ',' && IsMinlessQuantifier(pattern, i))
            {
                output.Append("{0");
                continue;
            }

            output.Append(c);
        }

        return output.ToString();
    }

    private static int TranslateEscape(string pattern, int i, bool inClass, StringBuilder output)
    {
        var next = pattern[i + 1];
        if (char.IsAsciiLetter(next) && !KnownLetterEscapes.Contains(next, StringComparison.Ordinal))
        {
            throw new JsonSchemaException($"'{pattern}' has the bad escape \\{next} for Python");
        }

        switch (next)
        {
            case 'Z' when !inClass:
                output.Append("\\z");
                return i + 1;
            case 'U' when i + 10 <= pattern.Length:
                var code = int.Parse(pattern.AsSpan(i + 2, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                output.Append(inClass ? Regex.Escape(char.ConvertFromUtf32(code)) : $"(?:{Regex.Escape(char.ConvertFromUtf32(code))})");
                return i + 9;
            case 'N':
                // NOTE: Python's \N{NAME} (a character by Unicode name) has no .NET form; such patterns count as invalid.
                throw new JsonSchemaException($"'{pattern}' uses \\N{{...}}, which is not supported");
            default:
                output.Append('\\').Append(next);
                return i + 1;
        }
    }

    private static bool IsMinlessQuantifier(string pattern, int open)
    {
        var i = open + 2;
        while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
        {
            i++;
        }

        return i > open + 2 && i < pattern.Length && pattern[i] == '}';
    }
}
