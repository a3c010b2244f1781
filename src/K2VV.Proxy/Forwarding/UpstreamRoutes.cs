using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace K2VV.Proxy.Forwarding;

/// <summary>Builds the YARP routes and cluster for the single-upstream mode (<c>--upstream URL</c>).</summary>
internal static class UpstreamRoutes
{
    /// <summary>Route that maps the client's <c>/v1/…</c> onto the upstream's base path.</summary>
    public const string ApiRouteId = "api";

    /// <summary>Route that forwards every other path unchanged to the upstream's origin.</summary>
    public const string PassThroughRouteId = "pass-through";

    /// <summary>
    /// Creates the routes for <paramref name="upstream"/>: <c>/v1/{rest}</c> goes to
    /// <c>{upstream}/{rest}</c> (so <c>https://openrouter.ai/api/v1</c> receives
    /// <c>/api/v1/{rest}</c>), and any other path goes to the upstream's origin unchanged.
    /// <paramref name="activityTimeout"/> is the time without an upstream byte after which a
    /// request fails.
    /// </summary>
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Create(Uri upstream, string clusterId, TimeSpan activityTimeout)
    {
        var basePath = upstream.AbsolutePath.TrimEnd('/');

        var api = new RouteConfig
        {
            RouteId = ApiRouteId,
            ClusterId = clusterId,
            Order = 0,
            Match = new RouteMatch { Path = "/v1/{**rest}" },
        }.WithTransformPathRemovePrefix("/v1");
        if (basePath.Length > 0)
        {
            api = api.WithTransformPathPrefix(basePath);
        }

        var passThrough = new RouteConfig
        {
            RouteId = PassThroughRouteId,
            ClusterId = clusterId,
            Order = 1000,
            Match = new RouteMatch { Path = "/{**catch-all}" },
        };

        var cluster = new ClusterConfig
        {
            ClusterId = clusterId,
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = activityTimeout },
            Destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase)
            {
                ["upstream"] = new() { Address = upstream.GetLeftPart(UriPartial.Authority) + "/" },
            },
        };

        return ([api, passThrough], [cluster]);
    }
}
