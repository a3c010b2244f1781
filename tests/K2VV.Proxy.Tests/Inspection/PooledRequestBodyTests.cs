using System.Buffers;
using K2VV.Proxy.Inspection;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace K2VV.Proxy.Tests.Inspection;

public class PooledRequestBodyTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(5_000, true)]
    [InlineData(70_000, false)]
    [InlineData(300_000, false)]
    public async Task ReadAsync_BodyWithinLimit_ReturnsEveryByteFromOnePooledArray(int length, bool announceLength)
    {
        var bytes = Bytes(length);
        var pool = new CountingPool();
        var context = Request(bytes, announceLength);

        var body = await RequestBodyReader.ReadAsync(context.Request, 1_000_000, pool, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(body);
        Assert.Equal(bytes, body.Value.ToArray());
        Assert.Equal(pool.Rented - 1, pool.Returned);
    }

    [Fact]
    public async Task ReadAsync_BodyBeyondLimit_LeavesAStreamOfEveryByte()
    {
        var bytes = Bytes(50_000);
        var pool = new CountingPool();
        var context = Request(bytes, announceLength: false);

        var body = await RequestBodyReader.ReadAsync(context.Request, 20_000, pool, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(body);
        using var copy = new MemoryStream();
        await context.Request.Body.CopyToAsync(copy).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Return_ForwardedBodyReadToTheEnd_ReturnsBothArrays()
    {
        var pool = new CountingPool();
        var context = new DefaultHttpContext();
        var owner = new PooledRequestBody(pool, returnArrays: true);
        var original = pool.Rent(100).AsMemory(0, 100);
        var rewritten = pool.Rent(120).AsMemory(0, 120);
        owner.OwnOriginal(original);
        owner.OwnRewritten(rewritten);
        owner.Forward(context.Request, rewritten);

        await context.Request.Body.CopyToAsync(Stream.Null).WaitAsync(TimeSpan.FromSeconds(10));
        owner.Return();
        owner.Return();

        Assert.Equal(120, context.Request.ContentLength);
        Assert.Equal(2, pool.Returned);
    }

    [Fact]
    public void Return_ForwardedBodyNotReadToTheEnd_KeepsItsArray()
    {
        var pool = new CountingPool();
        var context = new DefaultHttpContext();
        var owner = new PooledRequestBody(pool, returnArrays: true);
        var original = pool.Rent(100).AsMemory(0, 100);
        var rewritten = pool.Rent(120).AsMemory(0, 120);
        owner.OwnOriginal(original);
        owner.OwnRewritten(rewritten);
        owner.Forward(context.Request, rewritten);

        _ = context.Request.Body.Read(new byte[10], 0, 10);
        owner.Return();

        Assert.Equal([original.ToArray()], pool.ReturnedArrays.Select(array => array.AsMemory(0, 100).ToArray()));
        Assert.Equal(1, pool.Returned);
    }

    [Fact]
    public void Return_WhenTheBodyIsCaptured_ReturnsNothing()
    {
        var pool = new CountingPool();
        var context = new DefaultHttpContext();
        var owner = new PooledRequestBody(pool, returnArrays: false);
        var original = pool.Rent(100).AsMemory(0, 100);
        owner.OwnOriginal(original);
        owner.Forward(context.Request, original);

        context.Request.Body.CopyTo(Stream.Null);
        owner.Return();

        Assert.Equal(0, pool.Returned);
    }

    private static DefaultHttpContext Request(byte[] bytes, bool announceLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new TrickleStream(bytes);
        context.Request.ContentLength = announceLength ? bytes.Length : null;
        return context;
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    // Hands out at most 3,000 bytes per read, as a socket does.
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 3_000)], cancellationToken);
    }

    private sealed class CountingPool : ArrayPool<byte>
    {
        public int Rented { get; private set; }

        public int Returned => ReturnedArrays.Count;

        public List<byte[]> ReturnedArrays { get; } = [];

        public override byte[] Rent(int minimumLength)
        {
            Rented++;
            var array = new byte[minimumLength + 13];
            new Random(minimumLength).NextBytes(array);
            return array;
        }

        public override void Return(byte[] array, bool clearArray = false) => ReturnedArrays.Add(array);
    }
}
