using System.Globalization;

namespace K2VV.Verification.Rewriting;

/// <summary>
/// A new id written as <c>"[functions.]{text}[:{index}]"</c>, where text is a slice of the body copied
/// with its JSON escapes, so the result is valid JSON without re-encoding.
/// </summary>
/// <param name="TextStart">Offset in the body of the copied string contents, quotes excluded.</param>
/// <param name="TextLength">Length of the copied string contents.</param>
/// <param name="AddPrefix">True to write <c>functions.</c> before the text.</param>
/// <param name="Index">The index to write after a colon, or -1 for none.</param>
internal readonly record struct IdText(int TextStart, int TextLength, bool AddPrefix, int Index)
{
    /// <summary>Bytes the quoted id takes.</summary>
    public int Length =>
        2 + (AddPrefix ? CanonicalId.Prefix.Length : 0) + TextLength + (Index >= 0 ? 1 + CanonicalId.DigitCount(Index) : 0);

    /// <summary>Writes the quoted id to <paramref name="destination"/> and returns the bytes written.</summary>
    public int Write(ReadOnlySpan<byte> body, Span<byte> destination)
    {
        int position = 0;
        destination[position++] = (byte)'"';
        if (AddPrefix)
        {
            CanonicalId.Prefix.CopyTo(destination[position..]);
            position += CanonicalId.Prefix.Length;
        }

        body.Slice(TextStart, TextLength).CopyTo(destination[position..]);
        position += TextLength;
        if (Index >= 0)
        {
            destination[position++] = (byte)':';
            Index.TryFormat(destination[position..], out int written, default, CultureInfo.InvariantCulture);
            position += written;
        }

        destination[position++] = (byte)'"';
        return position;
    }
}
