using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Tests.Replay;

/// <summary>
/// A chat-completions vendor on 127.0.0.1 with a random port. The body's <c>user</c> field names
/// the scripted response. The vendor counts requests per name and records every body.
/// </summary>
internal sealed class ReplayFakeVendor : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> counts = new();

    private ReplayFakeVendor(WebApplication app) => this.app = app;

    /// <summary>Answers by the <c>user</c> field and the attempt number (1-based) of that name.</summary>
    public required Func<string, int, JsonObject, HttpContext, Task> Respond { get; init; }

    /// <summary>Every body received, in arrival order.</summary>
    public ConcurrentQueue<JsonObject> Bodies { get; } = new();

    /// <summary>Every Authorization header received.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>The base URL to pass as <c>--base-url</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests received for <paramref name="name"/>.</summary>
    public int Count(string name) => counts.TryGetValue(name, out var count) ? count : 0;

    /// <summary>Starts a vendor that responds with <paramref name="respond"/>.</summary>
    public static async Task<ReplayFakeVendor> StartAsync(Func<string, int, JsonObject, HttpContext, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        ReplayFakeVendor? vendor = null;
        app.MapPost("/v1/chat/completions", async context =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            var name = body["user"]?.GetValue<string>() ?? "";
            var attempt = vendor!.counts.AddOrUpdate(name, 1, (_, count) => count + 1);
            vendor.Bodies.Enqueue(body);
            vendor.Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            await vendor.Respond(name, attempt, body, context);
        });
        vendor = new ReplayFakeVendor(app) { Respond = respond };
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Urls.First();
        vendor.BaseUrl = address.TrimEnd('/') + "/v1";
        return vendor;
    }

    /// <summary>Writes a bug case's scripted <c>upstream</c> response: status, headers, body or SSE chunks, and how it closes.</summary>
    public static async Task WriteUpstreamAsync(HttpContext context, JsonObject upstream)
    {
        context.Response.StatusCode = (int)upstream["status"]!;
        if (upstream["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value!.GetValue<string>();
            }
        }

        if (upstream["body"] is { } json)
        {
            await context.Response.WriteAsync(json.ToJsonString());
        }
        else if (upstream["body_text"] is { } text)
        {
            await context.Response.WriteAsync(text.GetValue<string>());
        }
        else if (upstream["body_base64"] is { } base64)
        {
            await context.Response.Body.WriteAsync(Convert.FromBase64String(base64.GetValue<string>()));
        }
        else if (upstream["sse"] is JsonArray chunks)
        {
            foreach (var chunk in chunks)
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(chunk!.GetValue<string>()));
                await context.Response.Body.FlushAsync();
            }
        }
        else if (upstream["sse_base64"] is JsonArray rawChunks)
        {
            foreach (var chunk in rawChunks)
            {
                await context.Response.Body.WriteAsync(Convert.FromBase64String(chunk!.GetValue<string>()));
                await context.Response.Body.FlushAsync();
            }
        }

        if (upstream["close"]?.GetValue<string>() == "reset")
        {
            await context.Response.Body.FlushAsync();
            context.Abort();
        }
    }

    /// <summary>Writes a JSON body with a status.</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await app.DisposeAsync();
    }
}
