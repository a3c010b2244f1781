using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace K2VV.Proxy.Inspection;

/// <summary>Reads a request body into memory up to a limit, without losing a byte when the limit is passed.</summary>
internal static class RequestBodyReader
{
    private const int UnknownLengthCapacity = 16 * 1024;

    /// <summary>
    /// Reads the body of <paramref name="request"/> into an array rented from <paramref name="pool"/>. Returns
    /// the bytes, which start at the array's first byte, when the body fits in <paramref name="limit"/>; the
    /// caller returns the array. Otherwise returns null and leaves a request body that still yields every
    /// original byte (the part already read, then the rest); that array is not returned to the pool.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // One byte more than the announced length, so the end of the body is seen without growing.
        var buffer = pool.Rent(request.ContentLength is { } length ? (int)length + 1 : UnknownLengthCapacity);
        var original = request.Body;
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min(Array.MaxLength, (long)buffer.Length * 2));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await original.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsMemory(0, filled);
                }

                filled += read;
                if (filled > limit)
                {
                    request.Body = new PrefixedStream(buffer.AsMemory(0, filled), original);
                    return null;
                }
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }
}
