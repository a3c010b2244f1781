namespace K2VV.Proxy.Shadow;

/// <summary>
/// Settings of shadow traffic: the <c>K2VV:Shadow</c> configuration section
/// (environment variables <c>K2VV__Shadow__…</c>).
/// </summary>
/// <remarks>
/// The official API key is deliberately not a property here: it is read only from the
/// environment variable <see cref="ApiKeyEnvironmentVariable"/>, so it can never come from a
/// configuration file or from a client's request.
/// </remarks>
internal sealed class ShadowOptions
{
    /// <summary>The configuration section bound to this type.</summary>
    public const string SectionName = "K2VV:Shadow";

    /// <summary>The environment variable that contains the official API key.</summary>
    public const string ApiKeyEnvironmentVariable = "K2VV_SHADOW_API_KEY";

    /// <summary>Base URL of the official API; <c>/chat/completions</c> is appended to it.</summary>
    public Uri UpstreamBaseUrl { get; set; } = new("https://api.moonshot.ai/v1");

    /// <summary>Fraction of chat-completion requests copied to the official API, 0 to 1; 0 turns shadowing off.</summary>
    public double SampleRate { get; set; }

    /// <summary>
    /// Vendor model name to official model name. When the map is empty the model name is sent
    /// unchanged; otherwise requests for a model missing from the map are not shadowed.
    /// </summary>
    public Dictionary<string, string> ModelMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Model-map entries of the form <c>vendor-name=official-name</c>, as <c>--shadow-model</c>
    /// writes them; they are added to <see cref="ModelMap"/> and win over its entries. Unlike
    /// <see cref="ModelMap"/> keys, these can name models that contain <c>:</c>.
    /// </summary>
    public List<string> ModelMapEntries { get; set; } = [];

    /// <summary>Maximum number of shadow requests in flight at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Maximum number of shadow requests waiting to be sent; a sampled request that finds the queue full is dropped.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Time limit of one shadow request, from sending it to the end of the response body.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Maximum number of shadow requests started per minute; 0 means no limit.</summary>
    public int MaxRequestsPerMinute { get; set; }

    /// <summary>
    /// How long the first known result of a pair (vendor or official) waits for the other;
    /// after that the pair is dropped and counted as <c>dropped</c>.
    /// </summary>
    public TimeSpan PairingTimeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>True when a positive sample rate turns shadowing on.</summary>
    public bool Enabled => SampleRate > 0;
}
