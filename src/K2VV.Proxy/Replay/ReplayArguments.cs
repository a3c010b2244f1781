using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Rewriting;

namespace K2VV.Proxy.Replay;

/// <summary>Raw values of the replay command line, checked and turned into <see cref="ReplayOptions"/>.</summary>
internal sealed record ReplayArguments
{
    public string? InputPath { get; init; }

    public string? Model { get; init; }

    public string? BaseUrl { get; init; }

    public string? ApiKey { get; init; }

    public string? Concurrency { get; init; }

    public string? Output { get; init; }

    public string? Summary { get; init; }

    public string? Timeout { get; init; }

    public string? Retries { get; init; }

    public string? ExtraBody { get; init; }

    public bool Incremental { get; init; }

    public string? Temperature { get; init; }

    public string? MaxTokens { get; init; }

    public string? ToolIdRewrite { get; init; }

    /// <summary>Checks every value; returns the options, or null with one message per invalid value.</summary>
    public ReplayOptions? Validate(List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(InputPath))
        {
            errors.Add("Missing input file: pass the JSON Lines file of requests, e.g. k2vv replay samples.jsonl.");
        }
        else if (!File.Exists(InputPath))
        {
            errors.Add($"Input file not found: {InputPath}");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("Missing --model: the model name to write into every request.");
        }

        Uri? baseUrl = null;
        if (string.IsNullOrWhiteSpace(BaseUrl))
        {
            errors.Add("Missing --base-url: the endpoint base URL, e.g. https://api.example.com/v1.");
        }
        else if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"Invalid --base-url '{BaseUrl}': expected an absolute http or https URL.");
        }

        if (string.IsNullOrEmpty(ApiKey))
        {
            errors.Add("Missing API key: pass --api-key or set OPENAI_API_KEY.");
        }

        var concurrency = ParseInt("--concurrency", Concurrency, 5, 1, 10_000, errors);
        var timeout = ParseDouble("--timeout", Timeout, 600, errors);
        if (timeout is <= 0)
        {
            errors.Add($"Invalid --timeout '{Timeout}': expected a number of seconds greater than 0.");
        }

        var retries = ParseInt("--retries", Retries, 3, 0, 100, errors);
        var temperature = Temperature is null ? (double?)null : ParseDouble("--temperature", Temperature, 0, errors);
        var maxTokens = MaxTokens is null ? (int?)null : ParseInt("--max-tokens", MaxTokens, 0, 1, int.MaxValue, errors);
        CheckDirectory("--output", Output, errors);
        CheckDirectory("--summary", Summary, errors);
        var extraBody = ParseExtraBody(errors);
        var rewrite = ParseRewriteMode(errors);

        if (errors.Count > 0)
        {
            return null;
        }

        return new ReplayOptions
        {
            InputPath = InputPath!,
            Model = Model!,
            BaseUrl = baseUrl!,
            ApiKey = ApiKey,
            Concurrency = concurrency ?? 5,
            OutputPath = string.IsNullOrEmpty(Output) ? "results.jsonl" : Output,
            SummaryPath = string.IsNullOrEmpty(Summary) ? "summary.json" : Summary,
            Timeout = TimeSpan.FromSeconds(timeout ?? 600),
            Retries = retries ?? 3,
            ExtraBody = extraBody,
            Incremental = Incremental,
            Temperature = temperature,
            MaxTokens = maxTokens,
            ToolIdRewrite = rewrite,
        };
    }

    private static void CheckDirectory(string name, string? path, List<string> errors)
    {
        var directory = string.IsNullOrEmpty(path) ? null : Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            errors.Add($"Invalid {name} '{path}': the directory {directory} does not exist.");
        }
    }

    private JsonObject? ParseExtraBody(List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(ExtraBody))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(ExtraBody) is JsonObject extra)
            {
                return extra;
            }
        }
        catch (JsonException)
        {
            // Reported below with the value.
        }

        errors.Add($"Invalid --extra-body '{ExtraBody}': expected a JSON object, e.g. '{{\"top_k\": 20}}'.");
        return null;
    }

    private ToolIdRewriteMode ParseRewriteMode(List<string> errors)
    {
        switch (ToolIdRewrite)
        {
            case null or "off":
                return ToolIdRewriteMode.Off;
            case "canonical":
                return ToolIdRewriteMode.Canonical;
            case "prefix-only":
                return ToolIdRewriteMode.PrefixOnly;
            default:
                errors.Add($"Invalid --tool-id-rewrite '{ToolIdRewrite}': expected canonical, prefix-only or off.");
                return ToolIdRewriteMode.Off;
        }
    }

    private static int? ParseInt(string name, string? text, int fallback, int minimum, int maximum, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        errors.Add($"Invalid {name} '{text}': expected a whole number from {minimum} to {maximum}.");
        return null;
    }

    private static double? ParseDouble(string name, string? text, double fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        errors.Add($"Invalid {name} '{text}': expected a number.");
        return null;
    }
}
