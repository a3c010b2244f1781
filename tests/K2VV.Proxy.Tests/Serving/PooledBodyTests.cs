using System.Text;
using K2VV.Proxy.Tests.Fakes;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>Request bodies read into pooled arrays reach the vendor intact, also when many run at once.</summary>
public sealed class PooledBodyTests : IClassFixture<ProxyWithVendor>
{
    private readonly ProxyWithVendor _fixture;

    public PooledBodyTests(ProxyWithVendor fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task ChatCompletion_ManyConcurrentBodiesOfMixedSizes_VendorReceivesEachUnchanged()
    {
        _fixture.Vendor.Respond(BugCase.Get("baseline-nonstream-valid").Response());
        var proxy = _fixture.Proxy;
        var bodies = Enumerable.Range(0, 48).Select(Body).ToArray();

        var statuses = await Task.WhenAll(bodies.Select(async body =>
        {
            using var response = await ChatRequests.PostAsync(proxy.Client, body);
            await ChatRequests.ReadBodyAsync(response);
            return (int)response.StatusCode;
        })).WaitAsync(TestProxy.Timeout);

        Assert.All(statuses, status => Assert.Equal(200, status));
        var received = new List<string>();
        for (int i = 0; i < bodies.Length; i++)
        {
            received.Add(Encoding.UTF8.GetString((await _fixture.Vendor.NextRequestAsync(TestProxy.Timeout)).Body));
        }

        Assert.Equal(bodies.Select(Encoding.UTF8.GetString).Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    // Canonical ids, so the proxy forwards each body byte for byte; sizes from a few bytes to about 200 KB
    // cross the pool's buckets, and each body differs from all others.
    private static byte[] Body(int number)
    {
        var filler = new string((char)('a' + (number % 26)), (number * 4099) % 200_000);
        return Encoding.UTF8.GetBytes(
            $$$"""{"model":"pooled-{{{number}}}","messages":[{"role":"user","content":"{{{filler}}}"},{"role":"assistant","content":"","tool_calls":[{"id":"functions.f:0","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"functions.f:0","content":"{{{number}}}"}]}""");
    }
}
