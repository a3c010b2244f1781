namespace K2VV.Verification.Rewriting;

/// <summary>
/// One change to the request body: an id value replaced in place, or an id key added just before the
/// closing brace of an object that lacks it.
/// </summary>
/// <param name="Start">Offset in the body where the replaced bytes start, or of the closing brace for an insert.</param>
/// <param name="Length">Bytes replaced; 0 for an insert.</param>
/// <param name="Key">The key an insert adds, or <see cref="InsertedKey.None"/> for a replacement.</param>
/// <param name="NeedsComma">True when the object of an insert already has members.</param>
/// <param name="Text">The new id.</param>
internal readonly record struct IdEdit(int Start, int Length, InsertedKey Key, bool NeedsComma, IdText Text)
{
    /// <summary>Bytes the edit writes in place of the <see cref="Length"/> bytes it replaces.</summary>
    public int WrittenLength => KeyBytes.Length + (Key == InsertedKey.None ? 0 : (NeedsComma ? 1 : 0)) + Text.Length;

    private ReadOnlySpan<byte> KeyBytes => Key switch
    {
        InsertedKey.Id => "\"id\":"u8,
        InsertedKey.ToolCallId => "\"tool_call_id\":"u8,
        _ => default,
    };

    /// <summary>Writes the edit's bytes to <paramref name="destination"/> and returns the bytes written.</summary>
    public int Write(ReadOnlySpan<byte> body, Span<byte> destination)
    {
        int position = 0;
        if (Key != InsertedKey.None && NeedsComma)
        {
            destination[position++] = (byte)',';
        }

        KeyBytes.CopyTo(destination[position..]);
        position += KeyBytes.Length;
        return position + Text.Write(body, destination[position..]);
    }
}
