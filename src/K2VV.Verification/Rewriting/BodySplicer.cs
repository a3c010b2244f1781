using System.Buffers;

namespace K2VV.Verification.Rewriting;

/// <summary>Builds the forwarded body by copying the original bytes around a list of id edits.</summary>
internal static class BodySplicer
{
    /// <summary>
    /// Returns a copy of <paramref name="body"/> with <paramref name="edits"/> applied. The edits must be in
    /// body order and must not overlap; every byte outside them is copied unchanged.
    /// </summary>
    /// <param name="body">The original body.</param>
    /// <param name="edits">The id edits in body order.</param>
    /// <param name="pool">Rents the output array when given (the caller returns it); otherwise a new array is allocated.</param>
    public static ReadOnlyMemory<byte> Apply(ReadOnlySpan<byte> body, IReadOnlyList<IdEdit> edits, ArrayPool<byte>? pool)
    {
        int length = body.Length;
        foreach (var edit in edits)
        {
            length += edit.WrittenLength - edit.Length;
        }

        var output = pool is null ? new byte[length] : pool.Rent(length);
        var destination = output.AsSpan(0, length);
        int copied = 0;
        foreach (var edit in edits)
        {
            if (edit.Start < copied)
            {
                throw new InvalidOperationException("Id edits must be in body order and must not overlap.");
            }

            var untouched = body[copied..edit.Start];
            untouched.CopyTo(destination);
            destination = destination[untouched.Length..];
            destination = destination[edit.Write(body, destination)..];
            copied = edit.Start + edit.Length;
        }

        body[copied..].CopyTo(destination);
        return output.AsMemory(0, length);
    }
}
