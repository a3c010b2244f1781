using System.Net;
using System.Net.Http.Headers;
using K2VV.Verification.Schemas;
using K2VV.Verification.Verdicts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Shadow;

/// <summary>Registers shadow traffic in a host.</summary>
internal static class ShadowServiceCollectionExtensions
{
    /// <summary>
    /// Adds the shadow queue, joiner, sender and the HttpClient for the official API, with
    /// options from the <c>K2VV:Shadow</c> section validated at start-up. The host must register
    /// an <see cref="IShadowMetrics"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration, which contains the <c>K2VV:Shadow</c> section.</param>
    /// <param name="apiKey">The official API key; null reads <c>K2VV_SHADOW_API_KEY</c> from the environment.</param>
    /// <param name="configure">Applied after binding, for command-line flags.</param>
    public static IServiceCollection AddK2vvShadow(
        this IServiceCollection services,
        IConfiguration configuration,
        ShadowApiKey? apiKey = null,
        Action<ShadowOptions>? configure = null)
    {
        var key = apiKey ?? ShadowApiKey.FromEnvironment();
        var section = configuration.GetSection(ShadowOptions.SectionName);
        var keyInConfiguration = section["ApiKey"] is not null;

        services.AddOptions<ShadowOptions>()
            .Bind(section)
            .Configure(options => configure?.Invoke(options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShadowOptions>>(new ShadowOptionsValidator(key, keyInConfiguration));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new VerdictEvaluator(new ToolSchemaValidator()));
        services.TryAddSingleton<ShadowJoiner>();
        services.TryAddSingleton<ShadowQueue>();
        services.TryAddSingleton<ShadowCaller>();
        services.AddHostedService<ShadowSender>();

        services.AddHttpClient(ShadowCaller.HttpClientName, client =>
            {
                // ShadowCaller enforces the per-request timeout with the TimeProvider.
                client.Timeout = Timeout.InfiniteTimeSpan;
                if (key.Value is not null)
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Value);
                }
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The accumulator decodes gzip, deflate and br itself, like it does for the vendor.
                AutomaticDecompression = DecompressionMethods.None,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        return services;
    }
}
