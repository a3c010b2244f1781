using System.Net;
using K2VV.Proxy.Hosting;
using K2VV.Proxy.Recording;
using K2VV.Proxy.Tests.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>
/// The real proxy built by <c>ProxyHost.Build</c> on 127.0.0.1, with every log line of every
/// category captured at Trace level in <see cref="Logs"/> (instead of the console) and a short
/// upstream activity timeout, for fault and abuse tests.
/// </summary>
public sealed class ProxyUnderTest : IAsyncDisposable
{
    /// <summary>The upstream activity timeout these tests use, so stalls end quickly.</summary>
    public static readonly TimeSpan ActivityTimeout = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;
    private readonly ExchangeRecorder? _recorder;

    private ProxyUnderTest(WebApplication app, Uri baseAddress, CapturedLogs logs)
    {
        _app = app;
        _recorder = app.Services.GetService<ExchangeRecorder>();
        BaseAddress = baseAddress;
        Logs = logs;
        Client = CreateClient(baseAddress);
    }

    /// <summary>The proxy's base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the proxy with automatic decompression off.</summary>
    public HttpClient Client { get; }

    /// <summary>Every log line the proxy wrote.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>The proxy's service provider.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Chat-completion exchanges the proxy has finished recording.</summary>
    public long Recorded => _recorder?.Recorded ?? 0;

    /// <summary>
    /// Starts a proxy in front of <paramref name="upstream"/> (a base URL ending in <c>/v1</c>) with
    /// verification <paramref name="verification"/> (<c>on</c> or <c>off</c>) and extra <paramref name="settings"/>.
    /// </summary>
    public static async Task<ProxyUnderTest> StartAsync(
        Uri upstream,
        string verification = "on",
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["K2VV:Upstream"] = upstream.ToString(),
            ["K2VV:Verification"] = verification,
            ["K2VV:UpstreamActivityTimeout"] = ActivityTimeout.ToString(),
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Yarp"] = "Trace",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var logs = new CapturedLogs();
        var app = ProxyHost.Build(all, configure: builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            configure?.Invoke(builder);
        });
        await app.StartAsync().WaitAsync(TestProxy.Timeout);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ProxyUnderTest(app, new Uri(address), logs);
    }

    /// <summary>Creates a client for <paramref name="baseAddress"/> that never decompresses and allows many connections.</summary>
    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = TestProxy.Timeout,
        };

    /// <summary>Waits until at least <paramref name="count"/> exchanges have been recorded.</summary>
    public async Task WaitForRecordedAsync(long count)
    {
        using var cancellation = new CancellationTokenSource(TestProxy.Timeout);
        while (Recorded < count)
        {
            await Task.Delay(5, cancellation.Token);
        }
    }

    /// <summary>Reads <c>/metrics</c> as text.</summary>
    public Task<string> MetricsTextAsync() =>
        Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(TestProxy.Timeout);

    /// <summary>Reads and parses <c>/metrics</c>.</summary>
    public async Task<MetricsSnapshot> ScrapeAsync() => MetricsSnapshot.Parse(await MetricsTextAsync());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().WaitAsync(TestProxy.Timeout);
        await _app.DisposeAsync();
    }
}
