namespace K2VV.Proxy.Shadow;

/// <summary>
/// The official API key used for shadow requests, read from the environment variable
/// <see cref="ShadowOptions.ApiKeyEnvironmentVariable"/> and nowhere else.
/// </summary>
internal sealed class ShadowApiKey
{
    public ShadowApiKey(string? value)
    {
        Value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The key, or null when the environment variable is unset or blank.</summary>
    public string? Value { get; }

    /// <summary>Reads the key from the process environment.</summary>
    public static ShadowApiKey FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(ShadowOptions.ApiKeyEnvironmentVariable));

    /// <summary>Returns a placeholder, so the key never reaches a log through string formatting.</summary>
    public override string ToString() => Value is null ? "(unset)" : "(set)";
}
