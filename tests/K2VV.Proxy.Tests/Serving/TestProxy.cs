using System.Net;
using K2VV.Proxy.Hosting;
using K2VV.Proxy.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>
/// The real proxy, built by the same <c>ProxyHost.Build</c> that <c>k2vv serve</c> uses,
/// listening on 127.0.0.1 on a free port, with an HttpClient that never decompresses.
/// </summary>
public sealed class TestProxy : IAsyncDisposable
{
    /// <summary>The bound on every wait in these tests.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly WebApplication _app;
    private readonly ExchangeRecorder _recorder;

    private TestProxy(WebApplication app, Uri baseAddress)
    {
        _app = app;
        _recorder = app.Services.GetRequiredService<ExchangeRecorder>();
        BaseAddress = baseAddress;
        Client = CreateClient(baseAddress);
    }

    /// <summary>The proxy's base address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the proxy with automatic decompression off.</summary>
    public HttpClient Client { get; }

    /// <summary>Chat-completion exchanges the proxy has finished recording.</summary>
    public long Recorded => _recorder.Recorded;

    /// <summary>The proxy's service provider.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a proxy in front of <paramref name="upstream"/> with extra configuration <paramref name="settings"/>.</summary>
    public static async Task<TestProxy> StartAsync(Uri? upstream, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["urls"] = "http://127.0.0.1:0" };
        if (upstream is not null)
        {
            all["K2VV:Upstream"] = upstream.ToString();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = ProxyHost.Build(all);
        await app.StartAsync().WaitAsync(Timeout);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new TestProxy(app, new Uri(addresses.First()));
    }

    /// <summary>Creates a client for <paramref name="baseAddress"/> that passes compressed bodies through.</summary>
    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout,
        };

    /// <summary>Waits until at least <paramref name="count"/> exchanges have been recorded.</summary>
    public async Task WaitForRecordedAsync(long count)
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        while (Recorded < count)
        {
            await Task.Delay(5, cancellation.Token);
        }
    }

    /// <summary>Reads and parses <c>/metrics</c>.</summary>
    public async Task<MetricsSnapshot> ScrapeAsync()
    {
        var text = await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(Timeout);
        return MetricsSnapshot.Parse(text);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync();
    }
}
