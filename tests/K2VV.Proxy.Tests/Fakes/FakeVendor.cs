using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Tests.Fakes;

/// <summary>
/// A vendor on a real Kestrel server at 127.0.0.1 on a free port. It responds to every request with
/// the <see cref="VendorResponse"/> that <see cref="Responder"/> returns (chunks written and
/// flushed one by one, then an optional connection reset) and records each request it received.
/// </summary>
public sealed class FakeVendor : IAsyncDisposable
{
    private static readonly TimeSpan ResetDelay = TimeSpan.FromMilliseconds(100);

    private readonly WebApplication _app;
    private readonly Channel<RecordedRequest> _arrivals = Channel.CreateUnbounded<RecordedRequest>();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeVendor(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Chooses the response for each request; by default a JSON 404.</summary>
    public Func<RecordedRequest, VendorResponse> Responder { get; set; } =
        _ => VendorResponse.Json("""{"error":{"message":"no response configured"}}""", 404);

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>Starts a vendor and returns once it listens.</summary>
    public static async Task<FakeVendor> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var vendor = new FakeVendor(app);
        app.Run(vendor.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        vendor.BaseAddress = new Uri(address);
        return vendor;
    }

    /// <summary>Answers every following request with <paramref name="response"/>.</summary>
    public void Respond(VendorResponse response) => Responder = _ => response;

    /// <summary>Waits for the next request that arrives (in arrival order), bounded by <paramref name="timeout"/>.</summary>
    public async Task<RecordedRequest> NextRequestAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _arrivals.Reader.ReadAsync(cancellation.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var recorded = new RecordedRequest
        {
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "",
            Query = context.Request.QueryString.Value ?? "",
            Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = body.ToArray(),
        };
        context.RequestAborted.Register(() => recorded.AbortedSource.TrySetResult());
        _requests.Enqueue(recorded);
        _arrivals.Writer.TryWrite(recorded);

        try
        {
            await WriteAsync(context, Responder(recorded));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The proxy cancelled the request; Aborted has completed.
        }
        finally
        {
            recorded.FinishedSource.TrySetResult();
        }
    }

    private static async Task WriteAsync(HttpContext context, VendorResponse response)
    {
        var aborted = context.RequestAborted;
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Chunks.Count == 1 && !response.ResetAfterBody && response.BeforeChunk is null)
        {
            context.Response.ContentLength = response.Chunks[0].Length;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await context.Response.StartAsync(aborted);
        for (var index = 0; index < response.Chunks.Count; index++)
        {
            if (index > 0 && response.BeforeChunk is { } gate)
            {
                await gate(index, aborted);
            }

            await context.Response.Body.WriteAsync(response.Chunks[index], aborted);
            await context.Response.Body.FlushAsync(aborted);
        }

        if (response.ResetAfterBody)
        {
            // NOTE: Kestrel's Abort drops output that its transport has not yet written to the
            // socket, so the reset waits briefly for the flushed chunks to reach the wire.
            await Task.Delay(ResetDelay, aborted);
            context.Abort();
        }
    }
}
