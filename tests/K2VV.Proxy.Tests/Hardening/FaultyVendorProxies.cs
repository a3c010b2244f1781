using Xunit;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>
/// A <see cref="RawVendor"/> with two proxies in front of it: one verifying, one with
/// verification off (a plain YARP reverse proxy), so a test can compare what clients see.
/// </summary>
public sealed class FaultyVendorProxies : IAsyncLifetime
{
    /// <summary>The raw vendor.</summary>
    public RawVendor Vendor { get; private set; } = null!;

    /// <summary>The proxy with verification on.</summary>
    public ProxyUnderTest Verifying { get; private set; } = null!;

    /// <summary>The proxy with verification off.</summary>
    public ProxyUnderTest Plain { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Vendor = RawVendor.Start();
        Verifying = await ProxyUnderTest.StartAsync(new Uri(Vendor.BaseAddress, "/v1"));
        Plain = await ProxyUnderTest.StartAsync(new Uri(Vendor.BaseAddress, "/v1"), "off");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Plain.DisposeAsync();
        await Verifying.DisposeAsync();
        await Vendor.DisposeAsync();
    }
}
