using System.Text.Json;

namespace K2VV.Verification.Schemas;

/// <summary>
/// Checks tool-call arguments against a tool's parameter schema exactly as the reference does
/// (Python <c>json.loads</c>, then <c>jsonschema.validate</c>), on JsonSchema.Net 8.0.5.
/// Thread-safe; compiled schemas are cached by content hash. Never throws.
/// </summary>
public sealed class ToolSchemaValidator
{
    /// <summary>Creates a validator with its own bounded schema cache.</summary>
    public ToolSchemaValidator(SchemaValidatorOptions? options = null)
    {
        Options = options ?? new SchemaValidatorOptions();
    }

    /// <summary>The options in force.</summary>
    public SchemaValidatorOptions Options { get; }

    /// <summary>
    /// Checks a tool call's <c>function.arguments</c> value: a string is parsed as Python's
    /// <c>json.loads</c> would; any other JSON value is validated as it is.
    /// </summary>
    /// <param name="schema">The tool's <c>function.parameters</c> value (already known to be truthy).</param>
    /// <param name="arguments">The <c>function.arguments</c> value.</param>
    public ArgumentsCheck CheckArguments(JsonElement schema, JsonElement arguments) => throw new NotImplementedException();

    /// <summary>Validates an already parsed instance against <paramref name="schema"/>.</summary>
    public ArgumentsCheck CheckInstance(JsonElement schema, JsonElement instance) => throw new NotImplementedException();
}
