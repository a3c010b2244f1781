namespace K2VV.Verification.Schemas;

/// <summary>Limits for <see cref="ToolSchemaValidator"/>.</summary>
public sealed class SchemaValidatorOptions
{
    /// <summary>Compiled schemas kept in the cache; the least recently used one is evicted beyond it.</summary>
    public int MaxCachedSchemas { get; init; } = 1024;

    /// <summary>Time one <c>pattern</c> or <c>patternProperties</c> match may take before the call counts as invalid.</summary>
    public TimeSpan RegexMatchTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Nesting depth allowed in parsed arguments; deeper input counts as invalid instead of overflowing the stack.</summary>
    public int MaxArgumentDepth { get; init; } = 64;
}
