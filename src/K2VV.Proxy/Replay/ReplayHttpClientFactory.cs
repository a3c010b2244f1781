using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace K2VV.Proxy.Replay;

/// <summary>
/// Builds the replay's HttpClient: retries with exponential backoff and jitter for 408, 429,
/// 5xx, connection errors and attempt timeouts, as the OpenAI Python SDK the reference uses does.
/// </summary>
internal static class ReplayHttpClientFactory
{
    /// <summary>Creates a client for <paramref name="options"/>; the caller disposes it.</summary>
    public static HttpClient Create(ReplayOptions options)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.Retries, 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,

            // Retry-After is honoured below, capped at the maximum delay.
            ShouldRetryAfterHeader = false,
            DelayGenerator = arguments => ValueTask.FromResult(RetryAfter(arguments.Outcome.Result, options.RetryMaxDelay)),
        };

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.Retries > 0)
        {
            builder.AddRetry(retry);
        }

        // Each attempt has its own timeout until the response headers arrive; the body has its own idle timeout.
        var pipeline = builder.AddTimeout(options.Timeout).Build();

        var transport = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
        };

        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = transport })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan maxDelay)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is not { } value)
        {
            return null;
        }

        if (value < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return value > maxDelay ? maxDelay : value;
    }
}
