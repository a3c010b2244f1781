using K2VV.Verification.Rewriting;

namespace K2VV.Proxy.Hosting;

/// <summary>Settings of <c>k2vv serve</c>, bound from the <c>K2VV</c> configuration section.</summary>
internal sealed class ProxyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "K2VV";

    /// <summary>The upstream used when neither <see cref="Upstream"/> nor a <c>ReverseProxy</c> route is configured.</summary>
    public const string DefaultUpstream = "https://api.moonshot.ai/v1";

    /// <summary>
    /// Default of <see cref="UpstreamActivityTimeout"/>: YARP's own default of 100 s is shorter than
    /// a long non-streamed completion takes, and K2VV's client timeout is 600 s.
    /// </summary>
    public static readonly TimeSpan DefaultUpstreamActivityTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Base URL a client would give its OpenAI SDK, such as <c>https://openrouter.ai/api/v1</c>.
    /// Null when the vendors come from the <c>ReverseProxy</c> section.
    /// </summary>
    public string? Upstream { get; set; }

    /// <summary>The <c>vendor</c> label (and YARP cluster id) of the single upstream.</summary>
    public string Vendor { get; set; } = "default";

    /// <summary><c>on</c> to inspect and verify chat completions, <c>off</c> to forward everything as a plain reverse proxy.</summary>
    public string Verification { get; set; } = "on";

    /// <summary>How historical tool-call ids are rewritten before forwarding: <c>canonical</c>, <c>prefix-only</c> or <c>off</c>.</summary>
    public string ToolIdRewrite { get; set; } = "canonical";

    /// <summary>True when <see cref="Verification"/> is <c>on</c>.</summary>
    public bool VerificationEnabled => string.Equals(Verification, "on", StringComparison.OrdinalIgnoreCase);

    /// <summary>The parsed <see cref="ToolIdRewrite"/>; only meaningful after validation.</summary>
    public ToolIdRewriteMode ToolIdRewriteMode => ParseRewriteMode(ToolIdRewrite) ?? ToolIdRewriteMode.Canonical;

    /// <summary>Largest request body, in bytes, that is read and inspected; larger bodies are forwarded unverified.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Time without a byte from the upstream after which the forwarder gives up: before the
    /// response headers the client gets 504, after them its connection is aborted. Applies to
    /// the single upstream; clusters of the <c>ReverseProxy</c> section set their own.
    /// </summary>
    public TimeSpan UpstreamActivityTimeout { get; set; } = DefaultUpstreamActivityTimeout;

    /// <summary>Model names always used as the <c>model</c> label.</summary>
    public List<string> Models { get; } = [];

    /// <summary>Other model names admitted as labels, first seen first; any further name becomes <c>other</c>.</summary>
    public int MaxDynamicModels { get; set; } = 50;

    /// <summary>Port of a separate listener for <c>/metrics</c>; null serves metrics on the proxy's own listener.</summary>
    public int? MetricsPort { get; set; }

    /// <summary>Failure capture settings.</summary>
    public CaptureOptions Capture { get; } = new();

    /// <summary>Parses <c>canonical</c>, <c>prefix-only</c> or <c>off</c> (case-insensitive); null for anything else.</summary>
    public static ToolIdRewriteMode? ParseRewriteMode(string? value) => value?.ToUpperInvariant() switch
    {
        "CANONICAL" => ToolIdRewriteMode.Canonical,
        "PREFIX-ONLY" or "PREFIXONLY" => ToolIdRewriteMode.PrefixOnly,
        "OFF" => ToolIdRewriteMode.Off,
        _ => null,
    };
}
