using System.Buffers;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using Xunit;

namespace K2VV.Verification.Tests.Rewriting;

public class PooledRewriteTests
{
    [Theory]
    [MemberData(nameof(HistoryIdCase.Ids), MemberType = typeof(HistoryIdCase))]
    public void Inspect_WithPool_ForwardsTheSameBytesAsWithout(string caseId)
    {
        var body = HistoryIdCase.Get(caseId).Body;
        foreach (var mode in new[] { ToolIdRewriteMode.Canonical, ToolIdRewriteMode.PrefixOnly })
        {
            var pool = new CountingPool();

            var allocated = RequestInspector.Inspect(body, mode);
            var pooled = RequestInspector.Inspect(body, mode, pool);

            Assert.Equal(allocated.RewrittenBody.HasValue, pooled.RewrittenBody.HasValue);
            Assert.Equal(allocated.RewrittenBody.HasValue ? 1 : 0, pool.Rented);
            if (pooled.RewrittenBody is { } rewritten)
            {
                Assert.Equal(allocated.RewrittenBody!.Value.ToArray(), rewritten.ToArray());
                Assert.Same(pool.LastRented, System.Runtime.InteropServices.MemoryMarshal.TryGetArray(rewritten, out var segment) ? segment.Array : null);
                Assert.Equal(0, segment.Offset);
            }

            Assert.Equal(allocated.Rewrite.Changed, pooled.Rewrite.Changed);
            Assert.Equal(allocated.Request!.HistoryToolCallCount, pooled.Request!.HistoryToolCallCount);
        }
    }

    [Fact]
    public void Inspect_WithPoolAndCanonicalHistory_RentsNothing()
    {
        var canonical =
            """{"model":"m","messages":[{"role":"assistant","content":"","tool_calls":[{"id":"functions.f:0","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"functions.f:0","content":"x"}]}"""u8.ToArray();
        var pool = new CountingPool();

        var inspection = RequestInspector.Inspect(canonical, ToolIdRewriteMode.Canonical, pool);

        Assert.Null(inspection.RewrittenBody);
        Assert.Equal(0, pool.Rented);
    }

    private sealed class CountingPool : ArrayPool<byte>
    {
        public int Rented { get; private set; }

        public byte[]? LastRented { get; private set; }

        // Larger than asked, as the shared pool's arrays are, so the length must come from the memory.
        public override byte[] Rent(int minimumLength)
        {
            Rented++;
            LastRented = new byte[minimumLength + 37];
            return LastRented;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
        }
    }
}
