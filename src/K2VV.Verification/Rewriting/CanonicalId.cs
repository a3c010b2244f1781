namespace K2VV.Verification.Rewriting;

/// <summary>
/// The id form K2 expects for a history tool call: <c>functions.{name}:{idx}</c>, where idx counts the
/// tool calls of the conversation from 0. All spans are unescaped UTF-8.
/// </summary>
internal static class CanonicalId
{
    /// <summary>The prefix K2 puts before the function name.</summary>
    public static ReadOnlySpan<byte> Prefix => "functions."u8;

    /// <summary>Tests whether <paramref name="id"/> is exactly <c>functions.{name}:{index}</c>.</summary>
    public static bool Equals(ReadOnlySpan<byte> id, ReadOnlySpan<byte> name, int index)
    {
        if (!id.StartsWith(Prefix))
        {
            return false;
        }

        var rest = id[Prefix.Length..];
        if (rest.Length <= name.Length || !rest.StartsWith(name) || rest[name.Length] != (byte)':')
        {
            return false;
        }

        Span<byte> digits = stackalloc byte[11];
        index.TryFormat(digits, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        return rest[(name.Length + 1)..].SequenceEqual(digits[..written]);
    }

    /// <summary>
    /// Splits an id of the form <c>functions.{name}:{digits}</c>, with a non-empty name, into its name.
    /// </summary>
    public static bool TryGetName(ReadOnlySpan<byte> id, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!id.StartsWith(Prefix))
        {
            return false;
        }

        var rest = id[Prefix.Length..];
        int colon = rest.LastIndexOf((byte)':');
        if (colon <= 0 || colon == rest.Length - 1)
        {
            return false;
        }

        foreach (byte b in rest[(colon + 1)..])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        name = rest[..colon];
        return true;
    }

    /// <summary>Counts the decimal digits of a non-negative index.</summary>
    public static int DigitCount(int index)
    {
        int count = 1;
        while (index >= 10)
        {
            index /= 10;
            count++;
        }

        return count;
    }
}
