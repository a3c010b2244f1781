using K2VV.Proxy.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Forwarding;

/// <summary>
/// Where requests go: either the single <c>K2VV:Upstream</c> (the Moonshot API when nothing is
/// configured), or the routes and clusters of the YARP <c>ReverseProxy</c> section, one cluster
/// per vendor. The proxy never forwards anywhere else.
/// </summary>
internal sealed class UpstreamSetup
{
    /// <summary>The YARP configuration section of the several-vendor mode.</summary>
    public const string ReverseProxySection = "ReverseProxy";

    private readonly Action<IServiceCollection> _register;

    private UpstreamSetup(IReadOnlyList<string> vendors, string description, Action<IServiceCollection> register)
    {
        Vendors = vendors;
        Description = description;
        _register = register;
    }

    /// <summary>The <c>vendor</c> labels: the cluster ids.</summary>
    public IReadOnlyList<string> Vendors { get; }

    /// <summary>A one-line description for the start-up log, such as <c>default=https://api.moonshot.ai/v1</c>.</summary>
    public string Description { get; }

    /// <summary>Chooses the mode from <paramref name="configuration"/> and <paramref name="options"/>.</summary>
    /// <exception cref="OptionsValidationException">Both modes are configured, or the section has no cluster.</exception>
    public static UpstreamSetup Create(IConfiguration configuration, ProxyOptions options)
    {
        var section = configuration.GetSection(ReverseProxySection);
        var hasRoutes = section.GetSection("Routes").GetChildren().Any();
        if (hasRoutes && options.Upstream is not null)
        {
            throw Invalid("Both K2VV:Upstream (--upstream) and ReverseProxy routes are configured; use one of them.");
        }

        if (hasRoutes)
        {
            var clusters = section.GetSection("Clusters").GetChildren()
                .Select(cluster => (Id: cluster.Key, Addresses: cluster.GetSection("Destinations").GetChildren().Select(d => d["Address"])))
                .ToList();
            if (clusters.Count == 0)
            {
                throw Invalid("The ReverseProxy section has routes but no clusters; add a cluster per vendor.");
            }

            var description = string.Join(", ", clusters.Select(c => $"{c.Id}={string.Join("|", c.Addresses)}"));
            return new UpstreamSetup(
                clusters.Select(c => c.Id).ToList(),
                description,
                services => services.AddReverseProxy().LoadFromConfig(section));
        }

        var upstream = options.Upstream ?? ProxyOptions.DefaultUpstream;
        _ = ProxyOptionsValidator.TryParseUpstream(upstream, out var uri);
        var (routes, single) = UpstreamRoutes.Create(uri, options.Vendor, options.UpstreamActivityTimeout);
        return new UpstreamSetup(
            [options.Vendor],
            $"{options.Vendor}={upstream}",
            services => services.AddReverseProxy().LoadFromMemory(routes, single));
    }

    /// <summary>Registers YARP with the chosen routes and clusters.</summary>
    public void AddReverseProxy(IServiceCollection services) => _register(services);

    private static OptionsValidationException Invalid(string message) =>
        new(Options.DefaultName, typeof(ProxyOptions), [message]);
}
