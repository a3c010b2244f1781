using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Hosting;

/// <summary>Checks <see cref="ProxyOptions"/> at start-up so a bad setting stops the host with a clear message.</summary>
internal sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var failures = new List<string>();

        if (options.Upstream is not null && !TryParseUpstream(options.Upstream, out _))
        {
            failures.Add($"K2VV:Upstream '{options.Upstream}' is not an absolute http or https URL; pass a base URL such as {ProxyOptions.DefaultUpstream}.");
        }

        if (string.IsNullOrWhiteSpace(options.Vendor) || !IsLabelSafe(options.Vendor))
        {
            failures.Add($"K2VV:Vendor '{options.Vendor}' is invalid; use letters, digits, '-', '_' or '.'.");
        }

        if (options.Verification is not { } verification
            || !(verification.Equals("on", StringComparison.OrdinalIgnoreCase) || verification.Equals("off", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"K2VV:Verification '{options.Verification}' is invalid; use 'on' or 'off'.");
        }

        if (ProxyOptions.ParseRewriteMode(options.ToolIdRewrite) is null)
        {
            failures.Add($"K2VV:ToolIdRewrite '{options.ToolIdRewrite}' is invalid; use 'canonical', 'prefix-only' or 'off'.");
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add($"K2VV:MaxRequestBodyBytes must be positive, got {options.MaxRequestBodyBytes}.");
        }

        if (options.UpstreamActivityTimeout <= TimeSpan.Zero)
        {
            failures.Add($"K2VV:UpstreamActivityTimeout must be positive, got {options.UpstreamActivityTimeout}; use a duration such as 00:10:00.");
        }

        if (options.MaxDynamicModels < 0)
        {
            failures.Add($"K2VV:MaxDynamicModels must be zero or more, got {options.MaxDynamicModels}.");
        }

        if (options.MetricsPort is < 1 or > 65535)
        {
            failures.Add($"K2VV:MetricsPort must be between 1 and 65535, got {options.MetricsPort}.");
        }

        if (options.Models.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("K2VV:Models contains an empty model name.");
        }

        var capture = options.Capture;
        if (capture.Path is not null)
        {
            if (string.IsNullOrWhiteSpace(capture.Path))
            {
                failures.Add("K2VV:Capture:Path is empty; omit it to turn capture off.");
            }

            if (capture.MaxBytes < 1024)
            {
                failures.Add($"K2VV:Capture:MaxBytes must be at least 1024, got {capture.MaxBytes}.");
            }

            if (capture.MaxFiles < 0)
            {
                failures.Add($"K2VV:Capture:MaxFiles must be zero or more, got {capture.MaxFiles}.");
            }

            if (capture.QueueCapacity < 1)
            {
                failures.Add($"K2VV:Capture:QueueCapacity must be positive, got {capture.QueueCapacity}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses an upstream base URL; only absolute http and https URLs without a query are accepted.</summary>
    public static bool TryParseUpstream(string value, out Uri uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(parsed.Query)
            && string.IsNullOrEmpty(parsed.Fragment))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }

    private static bool IsLabelSafe(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
