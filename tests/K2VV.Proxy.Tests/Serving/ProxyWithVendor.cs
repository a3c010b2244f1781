using K2VV.Proxy.Tests.Fakes;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>A fake vendor and a verifying proxy in front of it, shared by the tests of one class.</summary>
public sealed class ProxyWithVendor : IAsyncLifetime
{
    /// <summary>The vendor.</summary>
    public FakeVendor Vendor { get; private set; } = null!;

    /// <summary>The proxy, with <c>--upstream {vendor}/v1</c>.</summary>
    public TestProxy Proxy { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        Proxy = await TestProxy.StartAsync(new Uri(Vendor.BaseAddress, "/v1"));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Vendor.DisposeAsync();
    }
}
