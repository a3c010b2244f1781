using System.Globalization;
using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Shadow;

/// <summary>Checks <see cref="ShadowOptions"/> at start-up, with messages that name the setting and the fix.</summary>
internal sealed class ShadowOptionsValidator : IValidateOptions<ShadowOptions>
{
    private readonly ShadowApiKey _apiKey;
    private readonly bool _apiKeyInConfiguration;

    /// <param name="apiKey">The key read from the environment.</param>
    /// <param name="apiKeyInConfiguration">True when the configuration contains <c>K2VV:Shadow:ApiKey</c>, which is rejected.</param>
    public ShadowOptionsValidator(ShadowApiKey apiKey, bool apiKeyInConfiguration)
    {
        _apiKey = apiKey;
        _apiKeyInConfiguration = apiKeyInConfiguration;
    }

    public ValidateOptionsResult Validate(string? name, ShadowOptions options)
    {
        var errors = new List<string>();

        if (double.IsNaN(options.SampleRate) || options.SampleRate < 0 || options.SampleRate > 1)
        {
            errors.Add(Invariant($"The shadow sample rate (--shadow-rate, K2VV:Shadow:SampleRate) must be between 0 and 1; got {options.SampleRate}."));
        }

        if (_apiKeyInConfiguration)
        {
            errors.Add($"K2VV:Shadow:ApiKey is set in the configuration, but the official API key is read only from the environment variable {ShadowOptions.ApiKeyEnvironmentVariable}. Remove K2VV:Shadow:ApiKey and set {ShadowOptions.ApiKeyEnvironmentVariable} instead.");
        }
        else if (options.Enabled && _apiKey.Value is null)
        {
            errors.Add(Invariant($"Shadow traffic is on (sample rate {options.SampleRate}) but the environment variable {ShadowOptions.ApiKeyEnvironmentVariable} is not set. Set it to the official API key, or set the sample rate to 0."));
        }

        var url = options.UpstreamBaseUrl;
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"The shadow upstream (--shadow-upstream, K2VV:Shadow:UpstreamBaseUrl) must be an absolute http or https URL such as https://api.moonshot.ai/v1; got '{url}'.");
        }

        foreach (var (vendorModel, officialModel) in options.ModelMap)
        {
            if (string.IsNullOrWhiteSpace(vendorModel) || string.IsNullOrWhiteSpace(officialModel))
            {
                errors.Add($"The shadow model map (--shadow-model, K2VV:Shadow:ModelMap) has an empty name in '{vendorModel}={officialModel}'; both names are required.");
            }
        }

        if (ShadowModelMap.TryParse(options.ModelMapEntries, new Dictionary<string, string>(StringComparer.Ordinal)) is { } entryError)
        {
            errors.Add(entryError);
        }

        AddIfNotPositive(errors, options.MaxConcurrency, "The maximum number of concurrent shadow requests (K2VV:Shadow:MaxConcurrency)");
        AddIfNotPositive(errors, options.QueueCapacity, "The shadow queue capacity (K2VV:Shadow:QueueCapacity)");

        if (options.MaxRequestsPerMinute < 0)
        {
            errors.Add(Invariant($"The shadow budget (K2VV:Shadow:MaxRequestsPerMinute) must be 0 (no limit) or positive; got {options.MaxRequestsPerMinute}."));
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add(Invariant($"The shadow request timeout (K2VV:Shadow:RequestTimeout) must be positive; got {options.RequestTimeout}."));
        }

        if (options.PairingTimeout <= TimeSpan.Zero)
        {
            errors.Add(Invariant($"The shadow pairing time limit (K2VV:Shadow:PairingTimeout) must be positive; got {options.PairingTimeout}."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void AddIfNotPositive(List<string> errors, int value, string setting)
    {
        if (value < 1)
        {
            errors.Add(Invariant($"{setting} must be at least 1; got {value}."));
        }
    }

    private static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
