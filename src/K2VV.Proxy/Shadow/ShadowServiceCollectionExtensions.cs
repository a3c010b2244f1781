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
    /// <remarks>
    /// The API key is the <see cref="ShadowApiKey"/> service, read from <c>K2VV_SHADOW_API_KEY</c>
    /// unless one is registered already (tests register their own).
    /// </remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration, which contains the <c>K2VV:Shadow</c> section.</param>
    /// <param name="configure">Applied after binding, for command-line flags.</param>
    public static IServiceCollection AddK2vvShadow(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<ShadowOptions>? configure = null)
    {
        var section = configuration.GetSection(ShadowOptions.SectionName);
        var keyInConfiguration = section["ApiKey"] is not null;

        services.TryAddSingleton(_ => ShadowApiKey.FromEnvironment());
        services.AddOptions<ShadowOptions>()
            .Bind(section)
            .Configure(options => configure?.Invoke(options))
            .PostConfigure(options => ShadowModelMap.TryParse(options.ModelMapEntries, options.ModelMap))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShadowOptions>>(provider =>
            new ShadowOptionsValidator(provider.GetRequiredService<ShadowApiKey>(), keyInConfiguration));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new VerdictEvaluator(new ToolSchemaValidator()));
        services.TryAddSingleton<ShadowJoiner>();
        services.TryAddSingleton<ShadowQueue>();
        services.TryAddSingleton<ShadowCaller>();
        services.AddHostedService<ShadowSender>();

        services.AddHttpClient(ShadowCaller.HttpClientName, (provider, client) =>
            {
                // ShadowCaller enforces the per-request timeout with the TimeProvider.
                client.Timeout = Timeout.InfiniteTimeSpan;
                if (provider.GetRequiredService<ShadowApiKey>().Value is { } key)
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                }
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The accumulator decodes gzip, deflate and br itself, like it does for the vendor.
                AutomaticDecompression = DecompressionMethods.None,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })

            // ShadowLog reports failures, rate-limited; the factory's per-request lines would repeat every call.
            .RemoveAllLoggers();

        return services;
    }
}
