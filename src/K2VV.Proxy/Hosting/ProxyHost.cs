using K2VV.Proxy.Capture;
using K2VV.Proxy.Forwarding;
using K2VV.Proxy.Inspection;
using K2VV.Proxy.Logging;
using K2VV.Proxy.Metrics;
using K2VV.Proxy.Recording;
using K2VV.Proxy.Shadow;
using K2VV.Proxy.Tracing;
using K2VV.Verification.Schemas;
using K2VV.Verification.Verdicts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;

namespace K2VV.Proxy.Hosting;

/// <summary>
/// Builds the <c>k2vv serve</c> web application: Kestrel, the YARP reverse proxy with the
/// verification middleware, <c>/metrics</c>, <c>/healthz</c>, capture and tracing. The command
/// and the integration tests build the host through this one method.
/// </summary>
internal static class ProxyHost
{
    /// <summary>The listen address when <c>--urls</c> (or <c>urls</c> in configuration) is absent.</summary>
    public const string DefaultUrls = "http://localhost:8080";

    private static readonly Dictionary<string, string?> QuietForwarderLogs = new()
    {
        ["Logging:LogLevel:Yarp.ReverseProxy.Forwarder"] = "Error",
    };

    private static readonly Dictionary<string, string?> QuietFrameworkLogs = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Yarp"] = "Warning",
    };

    /// <summary>
    /// Builds the application. <paramref name="settings"/> (configuration keys such as
    /// <c>K2VV:Upstream</c> or <c>urls</c>) override appsettings.json, the optional
    /// <paramref name="configFile"/> and environment variables.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message lists every problem.</exception>
    public static WebApplication Build(
        IEnumerable<KeyValuePair<string, string?>> settings,
        string? configFile = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });

        // Lowest-precedence defaults: per-request framework logs stay out of the console
        // unless the user's configuration enables them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietFrameworkLogs });
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddInMemoryCollection(settings);

        var options = ReadOptions(builder.Configuration);
        if (options.VerificationEnabled)
        {
            // The recorder counts every upstream failure and logs each kind once a minute per
            // vendor. The forwarder's own warning for each failed request would flood the log
            // during an outage, so it is raised to Error here. A user setting still wins.
            builder.Configuration.Sources.Insert(1, new MemoryConfigurationSource { InitialData = QuietForwarderLogs });
        }

        var upstreams = UpstreamSetup.Create(builder.Configuration, options);
        ConfigureListeners(builder, options);
        ConfigureServices(builder, options, upstreams);
        configure?.Invoke(builder);

        var app = builder.Build();
        MapEndpoints(app, options);
        InitializeMetrics(app, options, upstreams);
        LogStart(app, options, upstreams);
        return app;
    }

    private static ProxyOptions ReadOptions(ConfigurationManager configuration)
    {
        var options = new ProxyOptions();
        configuration.GetSection(ProxyOptions.SectionName).Bind(options);
        var result = new ProxyOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProxyOptions), result.Failures);
        }

        return options;
    }

    private static void ConfigureListeners(WebApplicationBuilder builder, ProxyOptions options)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured ? configured : DefaultUrls;
        if (options.MetricsPort is { } port)
        {
            var first = BindingAddress.Parse(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
            urls += $";http://{first.Host}:{port}";
        }

        builder.WebHost.UseUrls(urls);

        // The proxy forwards bodies of any size; only inspection is bounded (K2VV:MaxRequestBodyBytes).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
    }

    private static void ConfigureServices(WebApplicationBuilder builder, ProxyOptions options, UpstreamSetup upstreams)
    {
        var services = builder.Services;
        services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection(ProxyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProxyMetrics>();
        services.AddSingleton(new ModelLabels(options.Models, options.MaxDynamicModels));
        services.AddSingleton(new VerdictEvaluator(new ToolSchemaValidator()));
        services.AddSingleton<FailureCapture>();
        services.AddHostedService(provider => provider.GetRequiredService<FailureCapture>());
        services.AddSingleton<ExchangeRecorder>();
        services.AddK2vvShadow(builder.Configuration);
        services.AddSingleton<IShadowMetrics, ProxyShadowMetrics>();
        services.AddHealthChecks();

        upstreams.AddReverseProxy(services);

        if (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("k2vv-proxy"))
                .WithTracing(tracing => tracing
                    .AddSource(ExchangeTags.ActivitySourceName)
                    .AddSource(ShadowTelemetry.SourceName)
                    .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsOwnEndpoint(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddOtlpExporter());
        }
    }

    private static void MapEndpoints(WebApplication app, ProxyOptions options)
    {
        app.MapHealthChecks("/healthz");

        var metrics = app.MapMetrics("/metrics", app.Services.GetRequiredService<ProxyMetrics>().Registry);
        if (options.MetricsPort is { } port)
        {
            metrics.RequireHost($"*:{port}");
        }

        app.MapReverseProxy(pipeline =>
        {
            if (options.VerificationEnabled)
            {
                pipeline.UseMiddleware<ChatCompletionMiddleware>();
            }

            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
    }

    private static void InitializeMetrics(WebApplication app, ProxyOptions options, UpstreamSetup upstreams)
    {
        var metrics = app.Services.GetRequiredService<ProxyMetrics>();
        foreach (var vendor in upstreams.Vendors)
        {
            metrics.InitializeVendor(vendor, options.Models);
        }
    }

    private static void LogStart(WebApplication app, ProxyOptions options, UpstreamSetup upstreams)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("K2VV.Proxy");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Log.ProxyStarted(
                logger,
                string.Join(", ", addresses),
                upstreams.Description,
                options.VerificationEnabled ? "on" : "off",
                options.VerificationEnabled ? options.ToolIdRewrite : "off");
            if (options.MetricsPort is { } port)
            {
                Log.MetricsListener(logger, $"port {port} /metrics");
            }
        });
    }

    private static bool IsOwnEndpoint(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz");
}
