using Microsoft.AspNetCore.Http;

namespace K2VV.Proxy.Inspection;

/// <summary>Reads a request body into memory up to a limit, without losing a byte when the limit is passed.</summary>
internal static class RequestBodyReader
{
    /// <summary>
    /// Reads the body of <paramref name="request"/>. Returns the bytes when the body fits in
    /// <paramref name="limit"/>; otherwise returns null and leaves a request body that still
    /// yields every original byte (the part already read, then the rest).
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var capacity = request.ContentLength is { } length ? (int)length : 16 * 1024;
        var buffer = new MemoryStream(capacity);
        var chunk = new byte[16 * 1024];
        var original = request.Body;
        while (true)
        {
            var read = await original.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                request.Body = new PrefixedStream(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), original);
                return null;
            }
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
