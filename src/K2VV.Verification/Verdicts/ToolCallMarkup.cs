namespace K2VV.Verification.Verdicts;

/// <summary>Finds K2's raw tool-call special tokens in text and the call ids they wrap.</summary>
internal static class ToolCallMarkup
{
    private const string CallBegin = "<|tool_call_begin|>";

    private static readonly string[] Tokens =
    [
        "<|tool_calls_section_begin|>",
        "<|tool_calls_section_end|>",
        CallBegin,
        "<|tool_call_argument_begin|>",
        "<|tool_call_end|>",
    ];

    /// <summary>Returns true when <paramref name="text"/> contains any K2 tool-call token.</summary>
    public static bool ContainsToken(string? text) =>
        text is not null && Tokens.Any(token => text.Contains(token, StringComparison.Ordinal));

    /// <summary>Returns true when <paramref name="text"/> contains the markup of at least one tool call.</summary>
    public static bool ContainsCall(string? text) =>
        text is not null
        && (text.Contains(CallBegin, StringComparison.Ordinal) || text.Contains(Tokens[0], StringComparison.Ordinal));

    /// <summary>
    /// Returns the id after each <c>&lt;|tool_call_begin|&gt;</c>: the text up to the next token,
    /// whitespace or <c>{</c>.
    /// </summary>
    public static IEnumerable<string> CallIds(string? text)
    {
        if (text is null)
        {
            yield break;
        }

        var position = 0;
        while ((position = text.IndexOf(CallBegin, position, StringComparison.Ordinal)) >= 0)
        {
            position += CallBegin.Length;
            var start = position;
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            var end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '{'
                && string.CompareOrdinal(text, end, "<|", 0, 2) != 0)
            {
                end++;
            }

            if (end > start)
            {
                yield return text[start..end];
            }

            position = end;
        }
    }
}
