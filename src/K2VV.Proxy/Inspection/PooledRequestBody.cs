using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace K2VV.Proxy.Inspection;

/// <summary>
/// The pooled arrays of one request body: the body as read and, when the id rewrite changed it, the
/// rewritten copy. They go back to the pool only when nothing can read them any more.
/// </summary>
/// <remarks>
/// The forwarder reads the forwarded body on its own schedule (an upstream may answer before the body
/// was sent), so its array is returned only once the forwarded stream was read to its end; otherwise it
/// is left to the garbage collector. A stream at its end never touches its array again.
/// </remarks>
internal sealed class PooledRequestBody
{
    private readonly ArrayPool<byte> _pool;
    private readonly bool _returnArrays;
    private byte[]? _original;
    private byte[]? _rewritten;
    private MemoryStream? _forwarded;
    private byte[]? _forwardedArray;

    /// <summary>Creates an owner that returns its arrays to <paramref name="pool"/> when <paramref name="returnArrays"/> is true.</summary>
    public PooledRequestBody(ArrayPool<byte> pool, bool returnArrays)
    {
        _pool = pool;
        _returnArrays = returnArrays;
    }

    /// <summary>The pool the body arrays come from.</summary>
    public ArrayPool<byte> Pool => _pool;

    /// <summary>Takes ownership of the array behind the body as read.</summary>
    public void OwnOriginal(ReadOnlyMemory<byte> original) => _original = ArrayOf(original);

    /// <summary>Takes ownership of the array behind the rewritten body.</summary>
    public void OwnRewritten(ReadOnlyMemory<byte> rewritten) => _rewritten = ArrayOf(rewritten);

    /// <summary>Makes <paramref name="body"/> the request body the forwarder sends.</summary>
    public void Forward(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        _forwardedArray = MemoryMarshal.TryGetArray(body, out var segment) ? segment.Array : null;
        _forwarded = _forwardedArray is not null
            ? new MemoryStream(_forwardedArray, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
        request.Body = _forwarded;
        request.ContentLength = body.Length;
        request.Headers.Remove(HeaderNames.TransferEncoding);
    }

    /// <summary>Returns the arrays that nothing reads any more; call once the exchange is over.</summary>
    public void Return()
    {
        if (!_returnArrays)
        {
            return;
        }

        var forwardedDone = _forwarded is null || _forwarded.Position >= _forwarded.Length;
        ReturnUnlessForwarded(ref _original, forwardedDone);
        ReturnUnlessForwarded(ref _rewritten, forwardedDone);
    }

    private void ReturnUnlessForwarded(ref byte[]? array, bool forwardedDone)
    {
        if (array is null)
        {
            return;
        }

        if (!ReferenceEquals(array, _forwardedArray) || forwardedDone)
        {
            _pool.Return(array);
        }

        array = null;
    }

    private static byte[]? ArrayOf(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 ? segment.Array : null;
}
