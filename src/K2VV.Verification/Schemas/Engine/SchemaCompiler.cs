using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace K2VV.Verification.Schemas.Engine;

/// <summary>Builds a schema as Python's jsonschema reads it: draft by <c>$schema</c>, checked against its metaschema.</summary>
internal sealed class SchemaCompiler(PythonDialects dialects)
{
    private static readonly Uri BaseUri = new("https://k2vv.invalid/tool-parameters.json");

    public CompiledSchema Compile(JsonElement schema)
    {
        try
        {
            if (!TryGetDraft(schema, out var draft))
            {
                return Invalid("$schema is not a string");
            }

            var metaSchemaError = CheckAgainstMetaSchema(schema, draft);
            if (metaSchemaError is not null)
            {
                return Invalid(metaSchemaError);
            }

            var rewritten = SchemaRewriter.Rewrite(JsonNode.Parse(schema.GetRawText()), draft);
            var element = JsonSerializer.SerializeToElement(rewritten);
            var options = new BuildOptions
            {
                // A registry per schema: one tool's $id can never capture another tool's $ref, and
                // nothing is fetched from the network or the file system.
                SchemaRegistry = new SchemaRegistry { Fetch = static (_, _) => null },
                DialectRegistry = dialects.Registry,
                Dialect = dialects.For(draft),
            };

            return CompiledSchema.Built(JsonSchema.Build(element, options, BaseUri));
        }
        catch (RegexMatchTimeoutException exception)
        {
            return CompiledSchema.Failed(new ArgumentsCheck(ArgumentsOutcome.Error, $"Schema check timed out on a regular expression: {exception.Pattern}"));
        }
        catch (Exception exception) when (exception is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException or NotSupportedException or RefResolutionException)
        {
            return Invalid(exception.Message);
        }
    }

    private static CompiledSchema Invalid(string reason) =>
        CompiledSchema.Failed(new ArgumentsCheck(ArgumentsOutcome.InvalidSchema, $"Invalid schema: {OneLine(reason)}"));

    internal static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : line[..300] + "...";
    }

    /// <summary>Chooses the draft as jsonschema's <c>validator_for</c> does; unknown URIs get 2020-12.</summary>
    private static bool TryGetDraft(JsonElement schema, out SchemaDraft draft)
    {
        draft = SchemaDraft.Draft202012;
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("$schema", out var uri))
        {
            return true;
        }

        if (uri.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        // Python normalises the URI with urlsplit().geturl(), which drops an empty fragment.
        var text = uri.GetString()!.TrimEnd('#');
        draft = text switch
        {
            "http://json-schema.org/draft-04/schema" => SchemaDraft.Draft4,
            "http://json-schema.org/draft-06/schema" => SchemaDraft.Draft6,
            "http://json-schema.org/draft-07/schema" => SchemaDraft.Draft7,
            "https://json-schema.org/draft/2019-09/schema" => SchemaDraft.Draft201909,
            _ => SchemaDraft.Draft202012,
        };
        return true;
    }

    private static string? CheckAgainstMetaSchema(JsonElement schema, SchemaDraft draft)
    {
        var metaSchema = draft switch
        {
            SchemaDraft.Draft6 => MetaSchemas.Draft6,
            SchemaDraft.Draft7 => MetaSchemas.Draft7,
            SchemaDraft.Draft201909 => MetaSchemas.Draft201909,
            SchemaDraft.Draft202012 => MetaSchemas.Draft202012,

            // NOTE: JsonSchema.Net 8.0.5 ships no draft-04 metaschema; draft-04 schemas get only the build's keyword checks.
            _ => null,
        };

        if (metaSchema is null)
        {
            return null;
        }

        var results = metaSchema.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return null;
        }

        var first = results.Details?.FirstOrDefault(d => d.Errors is { Count: > 0 });
        var message = first?.Errors?.Values.FirstOrDefault() ?? "does not match its metaschema";
        return $"{message} at '{first?.InstanceLocation}'";
    }
}
