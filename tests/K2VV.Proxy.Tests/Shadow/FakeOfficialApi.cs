using K2VV.Proxy.Tests.Fakes;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Tests.Shadow;

/// <summary>
/// A loopback Kestrel server standing in for the official API: POST /v1/chat/completions
/// replays the upstream response of the bug case named in the request's <c>user</c> field.
/// </summary>
internal sealed class FakeOfficialApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOfficialApi(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Requests as received: the case id, the model, and the headers that matter for secrets.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Signalled with the case id whenever a request arrives, before the response is written.</summary>
    public Func<string, Task>? OnRequest { get; set; }

    /// <summary>Delay before responding, for timeouts.</summary>
    public TimeSpan AnswerDelay { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeOfficialApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOfficialApi(app);
        app.MapPost("/v1/chat/completions", fake.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = new Uri(address + "/v1");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        var caseId = body?["user"]?.GetValue<string>() ?? "";
        Received.Enqueue(new ReceivedRequest(
            caseId,
            body?["model"]?.GetValue<string>(),
            body?["stream"]?.GetValue<bool>() == true,
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers.Cookie.ToString(),
            context.Request.Headers.Accept.ToString()));

        if (OnRequest is { } onRequest)
        {
            await onRequest(caseId);
        }

        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay, context.RequestAborted);
        }

        await ReplayAsync(context, BugCase.Get(caseId).Upstream!);
    }

    private static async Task ReplayAsync(HttpContext context, JsonObject upstream)
    {
        var response = context.Response;
        response.StatusCode = upstream["status"]!.GetValue<int>();
        foreach (var (name, value) in upstream["headers"]?.AsObject() ?? [])
        {
            response.Headers[name] = value!.GetValue<string>();
        }

        if (upstream["body"] is { } json)
        {
            await response.WriteAsync(json.ToJsonString());
        }
        else if (upstream["body_text"] is { } text)
        {
            await response.WriteAsync(text.GetValue<string>());
        }
        else if (upstream["body_base64"] is { } base64)
        {
            await response.Body.WriteAsync(Convert.FromBase64String(base64.GetValue<string>()));
        }
        else if (upstream["sse"] is JsonArray chunks)
        {
            foreach (var chunk in chunks)
            {
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(chunk!.GetValue<string>()));
                await response.Body.FlushAsync();
            }
        }
        else if (upstream["sse_base64"] is JsonArray binaryChunks)
        {
            foreach (var chunk in binaryChunks)
            {
                await response.Body.WriteAsync(Convert.FromBase64String(chunk!.GetValue<string>()));
                await response.Body.FlushAsync();
            }
        }

        if (upstream["close"]?.GetValue<string>() == "reset")
        {
            await response.Body.FlushAsync();
            context.Abort();
        }
    }

    internal sealed record ReceivedRequest(string CaseId, string? Model, bool Stream, string Authorization, string Cookie, string Accept);
}
