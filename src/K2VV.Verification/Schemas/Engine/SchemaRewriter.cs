using System.Text.Json.Nodes;

namespace K2VV.Verification.Schemas.Engine;

/// <summary>Rewrites a schema before JsonSchema.Net builds it, where the library and Python's jsonschema differ.</summary>
/// <remarks>
/// Only schema positions are visited (subschema keywords), never <c>const</c>, <c>enum</c>, <c>default</c>
/// or unknown keywords, whose values are data. The rewrites: <c>$schema</c> and <c>$id</c> move to the front
/// of each schema object (JsonSchema.Net 8.0.5 throws on an <c>$id</c> that follows a <c>$ref</c>); in
/// draft-04, -06 and -07 a <c>$ref</c> drops its siblings except <c>definitions</c> and <c>$defs</c>
/// (Python ignores them, JsonSchema.Net applies them); draft-04's <c>id</c> and boolean
/// <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> become their draft-06 forms.
/// </remarks>
internal static class SchemaRewriter
{
    private static readonly string[] SingleSchemaKeywords =
        ["additionalItems", "additionalProperties", "contains", "not", "if", "then", "else", "propertyNames",
         "unevaluatedItems", "unevaluatedProperties", "contentSchema", "items"];

    private static readonly string[] SchemaArrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];

    private static readonly string[] SchemaMapKeywords =
        ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"];

    public static JsonNode? Rewrite(JsonNode? schema, SchemaDraft draft)
    {
        if (schema is JsonObject root)
        {
            // The draft is already chosen; an unknown root $schema must not make the library fetch it.
            root.Remove("$schema");
            Visit(root, draft);
        }

        return schema;
    }

    private static void Visit(JsonObject schema, SchemaDraft draft)
    {
        var legacy = draft is SchemaDraft.Draft4 or SchemaDraft.Draft6 or SchemaDraft.Draft7;
        if (draft == SchemaDraft.Draft4)
        {
            RewriteDraft4(schema);
        }

        if (legacy && schema.ContainsKey("$ref"))
        {
            foreach (var name in schema.Select(p => p.Key).ToList())
            {
                if (name is not ("$ref" or "definitions" or "$defs"))
                {
                    schema.Remove(name);
                }
            }
        }

        MoveToFront(schema, "$id");
        MoveToFront(schema, "$schema");

        foreach (var name in SingleSchemaKeywords)
        {
            if (schema[name] is JsonObject child)
            {
                Visit(child, draft);
            }
        }

        foreach (var name in SchemaArrayKeywords)
        {
            if (schema[name] is JsonArray children)
            {
                foreach (var child in children.OfType<JsonObject>())
                {
                    Visit(child, draft);
                }
            }
        }

        foreach (var name in SchemaMapKeywords)
        {
            if (schema[name] is JsonObject map)
            {
                foreach (var child in map.Select(p => p.Value).OfType<JsonObject>())
                {
                    Visit(child, draft);
                }
            }
        }
    }

    private static void MoveToFront(JsonObject schema, string name)
    {
        if (!schema.TryGetPropertyValue(name, out var value) || schema.IndexOf(name) == 0)
        {
            return;
        }

        schema.Remove(name);
        schema.Insert(0, name, value);
    }

    private static void RewriteDraft4(JsonObject schema)
    {
        schema.Remove("$id");
        if (schema["id"] is JsonValue id && id.TryGetValue<string>(out _))
        {
            schema.Remove("id");
            schema["$id"] = id;
        }

        RewriteExclusiveLimit(schema, "exclusiveMinimum", "minimum");
        RewriteExclusiveLimit(schema, "exclusiveMaximum", "maximum");
    }

    private static void RewriteExclusiveLimit(JsonObject schema, string exclusiveName, string limitName)
    {
        if (schema[exclusiveName] is not JsonValue flag || !flag.TryGetValue<bool>(out var exclusive))
        {
            return;
        }

        schema.Remove(exclusiveName);
        if (exclusive && schema[limitName] is JsonNode limit)
        {
            schema.Remove(limitName);
            schema[exclusiveName] = limit;
        }
    }
}
