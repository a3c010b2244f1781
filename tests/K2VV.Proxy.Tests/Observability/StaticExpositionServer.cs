using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>A Kestrel server on a loopback port that serves <see cref="StaticExposition"/> at /metrics.</summary>
internal sealed class StaticExpositionServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StaticExpositionServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The scrape target as host:port.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public static async Task<StaticExpositionServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var started = TimeProvider.System.GetTimestamp();
        app.MapGet("/metrics", () =>
        {
            // Start one simulated second in, so the first scrape already has non-zero counters.
            var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds + 1;
            return Results.Text(StaticExposition.Render(seconds), "text/plain; version=0.0.4; charset=utf-8");
        });

        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StaticExpositionServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await app.DisposeAsync();
    }
}
