using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using K2VV.Proxy.Tests.Fakes;
using K2VV.Proxy.Tests.Serving;
using K2VV.Proxy.Tracing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>
/// The client's API key reaches the configured vendor and nothing else: not the logs (every
/// category at Trace), not the exported traces, not <c>/metrics</c>, not the capture file, and
/// not another host named in the request.
/// </summary>
public sealed class SecretLeakTests : IDisposable
{
    private const string ApiKey = "sk-live-Zq8SECRETk2vv0123456789abcdef";

    private readonly string _directory = Directory.CreateTempSubdirectory("k2vv-secrets-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Serve_ClientApiKey_OnlyInTheVendorRequest()
    {
        var capturePath = Path.Combine(_directory, "failures.jsonl");
        var spans = new List<Activity>();
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var bystander = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await ProxyUnderTest.StartAsync(
            new Uri(vendor.BaseAddress, "/v1"),
            settings: new Dictionary<string, string?>
            {
                ["K2VV:Capture:Path"] = capturePath,
                ["Logging:LogLevel:Yarp.ReverseProxy.Forwarder"] = "Trace",
                ["Logging:LogLevel:System.Net.Http"] = "Trace",
            },
            configure: builder => builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
                .AddSource(ExchangeTags.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddInMemoryExporter(spans)));

        // Responses with findings (captured), an upstream error and a mid-stream reset (logged).
        var cases = new[] { "invalid-json-missing-brace", "baseline-stream-arg-deltas", "stream-connection-reset" }.Select(BugCase.Get).ToList();
        foreach (var bugCase in cases)
        {
            vendor.Respond(bugCase.Response());
            await ClientOutcome.SendAsync(proxy.Client, bugCase.RequestBytes(), ApiKey);
        }

        vendor.Respond(VendorResponse.Json("""{"error":{"message":"invalid api key"}}""", 401));
        await ClientOutcome.SendAsync(proxy.Client, ClientOutcome.ChatRequest(), ApiKey);

        // Requests that name another host must still go to the configured vendor only.
        var bystanderAuthority = bystander.BaseAddress.Authority;
        await SendRawAsync(proxy.BaseAddress, $"POST http://{bystanderAuthority}/v1/chat/completions HTTP/1.1\r\nHost: {bystanderAuthority}\r\n");
        await SendRawAsync(proxy.BaseAddress, $"POST /v1/chat/completions HTTP/1.1\r\nHost: {bystanderAuthority}\r\nX-Forwarded-Host: {bystanderAuthority}\r\n");
        await proxy.WaitForRecordedAsync(cases.Count + 3);
        var capture = proxy.Services.GetRequiredService<K2VV.Proxy.Capture.FailureCapture>();
        using (var waited = new CancellationTokenSource(TestProxy.Timeout))
        {
            while (capture.Written < 1)
            {
                await Task.Delay(10, waited.Token);
            }
        }

        var metricsText = await proxy.MetricsTextAsync();
        await proxy.DisposeAsync();

        Assert.Empty(bystander.Requests);
        Assert.Equal(cases.Count + 3, vendor.Requests.Count);
        Assert.All(vendor.Requests, request => Assert.Equal("Bearer " + ApiKey, request.Headers["Authorization"]));
        Assert.NotEmpty(proxy.Logs.Lines);
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.AllText.Contains(ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(ApiKey, metricsText, StringComparison.Ordinal);
        Assert.NotEmpty(spans);
        Assert.DoesNotContain(spans, span => Describe(span).Contains(ApiKey, StringComparison.Ordinal));
        var captured = string.Concat(Directory.GetFiles(_directory).Select(File.ReadAllText));
        Assert.Contains("invalid_json", captured, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, captured, StringComparison.Ordinal);
    }

    private static async Task SendRawAsync(Uri proxy, string head)
    {
        var body = ClientOutcome.ChatRequest(stream: false);
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Host, proxy.Port).WaitAsync(TestProxy.Timeout);
        var stream = client.GetStream();
        var request = head + $"Authorization: Bearer {ApiKey}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request)).AsTask().WaitAsync(TestProxy.Timeout);
        await stream.WriteAsync(body).AsTask().WaitAsync(TestProxy.Timeout);
        var sink = new byte[4096];
        while (await stream.ReadAsync(sink).AsTask().WaitAsync(TestProxy.Timeout) > 0)
        {
        }
    }

    private static string Describe(Activity span) =>
        string.Join(
            " ",
            [
                span.DisplayName,
                span.OperationName,
                .. span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"),
                .. span.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name} {tag.Key}={tag.Value}")),
                .. span.Baggage.Select(item => $"{item.Key}={item.Value}"),
            ]);
}
