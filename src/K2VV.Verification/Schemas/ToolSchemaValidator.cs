using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using K2VV.Verification.Schemas.Engine;

namespace K2VV.Verification.Schemas;

/// <summary>
/// Checks tool-call arguments against a tool's parameter schema exactly as the reference does
/// (Python <c>json.loads</c>, then <c>jsonschema.validate</c>), on JsonSchema.Net 8.0.5.
/// Thread-safe; compiled schemas are cached by content hash. Never throws.
/// </summary>
/// <remarks>
/// <para>Contract with the caller: the reference first finds the tool by name and returns false when the
/// tool's <c>parameters</c> value is falsy (see <see cref="SchemaTruthiness.IsTruthy"/>); both steps belong
/// to the verdict code, which calls this type only with a truthy schema.</para>
/// <para>As Python's jsonschema 4.26 does, the draft comes from <c>$schema</c> (draft-04, -06, -07, 2019-09,
/// 2020-12; anything else means 2020-12), the schema is checked against its metaschema first,
/// <c>format</c> is not asserted and <c>1.0</c> is an integer (except in draft-04). Remote and file
/// <c>$ref</c>s are never fetched, so they are unresolvable and make the call invalid.</para>
/// </remarks>
public sealed class ToolSchemaValidator
{
    private static readonly EvaluationOptions FlagOutput = new() { OutputFormat = OutputFormat.Flag };

    private readonly SchemaCache _cache;

    /// <summary>Creates a validator with its own bounded schema cache.</summary>
    public ToolSchemaValidator(SchemaValidatorOptions? options = null)
    {
        Options = options ?? new SchemaValidatorOptions();
        var compiler = new SchemaCompiler(new PythonDialects(Options.RegexMatchTimeout));
        _cache = new SchemaCache(Options.MaxCachedSchemas, compiler.Compile);
    }

    /// <summary>The options in force.</summary>
    public SchemaValidatorOptions Options { get; }

    /// <summary>Schemas compiled so far; a schema already in the cache is not compiled again.</summary>
    internal long CompiledSchemaCount => _cache.CompileCount;

    /// <summary>Schemas currently cached.</summary>
    internal int CachedSchemaCount => _cache.Count;

    /// <summary>
    /// Checks a tool call's <c>function.arguments</c> value: a string is parsed as Python's
    /// <c>json.loads</c> would; any other JSON value is validated as it is.
    /// </summary>
    /// <param name="schema">The tool's <c>function.parameters</c> value (already known to be truthy).</param>
    /// <param name="arguments">The <c>function.arguments</c> value.</param>
    public ArgumentsCheck CheckArguments(JsonElement schema, JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.String)
        {
            return CheckInstance(schema, arguments);
        }

        string text;
        try
        {
            text = arguments.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            return new ArgumentsCheck(ArgumentsOutcome.InvalidJson, SchemaCompiler.OneLine(exception.Message));
        }

        if (!PythonJson.TryParse(text, Options.MaxArgumentDepth, out var instance, out var error))
        {
            var outcome = error!.StartsWith("Nesting deeper", StringComparison.Ordinal) ? ArgumentsOutcome.Error : ArgumentsOutcome.InvalidJson;
            return new ArgumentsCheck(outcome, $"Arguments are not JSON: {error}");
        }

        return CheckInstance(schema, instance);
    }

    /// <summary>Validates an already parsed instance against <paramref name="schema"/>.</summary>
    public ArgumentsCheck CheckInstance(JsonElement schema, JsonElement instance)
    {
        try
        {
            if (schema.ValueKind == JsonValueKind.Undefined || instance.ValueKind == JsonValueKind.Undefined)
            {
                return new ArgumentsCheck(ArgumentsOutcome.Error, "Schema or instance is missing");
            }

            if (!InstanceDepth.IsWithin(instance, Options.MaxArgumentDepth))
            {
                return new ArgumentsCheck(ArgumentsOutcome.Error, $"Arguments nest deeper than {Options.MaxArgumentDepth} levels");
            }

            var compiled = _cache.GetOrCompile(schema);
            if (compiled.Failure is { } failure)
            {
                return failure;
            }

            var results = compiled.Schema!.Evaluate(instance, FlagOutput);
            return results.IsValid
                ? new ArgumentsCheck(ArgumentsOutcome.Valid)
                : new ArgumentsCheck(ArgumentsOutcome.SchemaViolation, "Arguments do not match the schema");
        }
        catch (RegexMatchTimeoutException exception)
        {
            return new ArgumentsCheck(ArgumentsOutcome.Error, $"Regular expression timed out after {exception.MatchTimeout.TotalMilliseconds} ms: {SchemaCompiler.OneLine(exception.Pattern)}");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Python raises the same kinds of errors (unresolvable $ref, NaN in multipleOf); the reference counts them as invalid.
            return new ArgumentsCheck(ArgumentsOutcome.Error, $"{exception.GetType().Name}: {SchemaCompiler.OneLine(exception.Message)}");
        }
    }
}
