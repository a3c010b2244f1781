using K2VV.Proxy.Tests.Fakes;
using System.Text.Json.Nodes;
using K2VV.Proxy.Shadow;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Tests.Shadow;

/// <summary>
/// The real shadow component in a generic host, aimed at a <see cref="FakeOfficialApi"/>, with
/// the vendor side driven by the test through <see cref="ShadowJoiner.RecordVendorResult"/>.
/// </summary>
internal sealed class ShadowHarness : IAsyncDisposable
{
    public const string ShadowKey = "shadow-test-key";
    public const string ClientAuthorization = "Bearer client-secret-key";
    public const string ClientCookie = "session=client-cookie";

    private readonly IHost _host;

    private ShadowHarness(IHost host, FakeOfficialApi official, RecordingShadowMetrics metrics, CollectingLoggerProvider logs)
    {
        _host = host;
        Official = official;
        Metrics = metrics;
        Logs = logs;
    }

    /// <summary>Every log line the shadow component wrote, at every level.</summary>
    public CollectingLoggerProvider Logs { get; }

    public FakeOfficialApi Official { get; }

    public RecordingShadowMetrics Metrics { get; }

    public ShadowQueue Queue => _host.Services.GetRequiredService<ShadowQueue>();

    public ShadowJoiner Joiner => _host.Services.GetRequiredService<ShadowJoiner>();

    public static async Task<ShadowHarness> StartAsync(Action<ShadowOptions>? configure = null, Dictionary<string, string?>? settings = null)
    {
        var official = await FakeOfficialApi.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        var logs = new CollectingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton(new ShadowApiKey(ShadowKey));
        builder.Services.AddK2vvShadow(builder.Configuration, options =>
        {
            options.UpstreamBaseUrl = official.BaseUrl;
            options.SampleRate = 1;
            options.RequestTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(options);
        });

        var metrics = new RecordingShadowMetrics();
        builder.Services.AddSingleton<IShadowMetrics>(metrics);
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return new ShadowHarness(host, official, metrics, logs);
    }

    /// <summary>Builds the client body of <paramref name="bugCase"/>, tagged with its id for the fake official API.</summary>
    public static byte[] ClientBody(BugCase bugCase)
    {
        var request = bugCase.Request.DeepClone().AsObject();
        request["user"] = bugCase.Id;
        return System.Text.Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    /// <summary>Client headers including credentials that must never reach the official API.</summary>
    public static HeaderDictionary ClientHeaders() => new()
    {
        ["Content-Type"] = "application/json",
        ["Accept"] = "application/json, text/event-stream",
        ["Authorization"] = ClientAuthorization,
        ["Cookie"] = ClientCookie,
    };

    /// <summary>Queues <paramref name="bugCase"/> the way serve does, with the request parsed by the real inspector.</summary>
    public bool Enqueue(BugCase bugCase, string requestId, string vendor = "vendor-a")
    {
        var body = ClientBody(bugCase);
        var request = RequestInspector.Inspect(body, ToolIdRewriteMode.Canonical).Request!;
        return Queue.TryEnqueue(requestId, vendor, request, body, ClientHeaders());
    }

    /// <summary>Queues <paramref name="bugCase"/> with a request built by hand, for tests whose official response is never evaluated.</summary>
    public bool EnqueueUninspected(BugCase bugCase, string requestId, string vendor = "vendor-a")
    {
        var body = ClientBody(bugCase);
        var request = new ChatRequest(bugCase.Request["model"]?.GetValue<string>(), bugCase.IsStream, [], ToolChoiceKind.Auto, null, 0);
        return Queue.TryEnqueue(requestId, vendor, request, body, ClientHeaders());
    }

    /// <summary>Waits until the official result of <paramref name="requestId"/> is waiting for its vendor half; fails after 10 s.</summary>
    public async Task WaitForOfficialResultAsync(string requestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Joiner.HasOfficialResult(requestId))
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    /// <summary>Stops the host as the proxy's shutdown does, leaving the fake official API running.</summary>
    public Task StopHostAsync() => _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
        await Official.DisposeAsync();
    }
}
