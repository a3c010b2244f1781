using Json.Schema;

namespace K2VV.Verification.Schemas.Engine;

/// <summary>A schema built once: either a JsonSchema.Net schema ready to evaluate, or the reason it is invalid.</summary>
internal sealed class CompiledSchema
{
    private CompiledSchema(JsonSchema? schema, ArgumentsCheck? failure)
    {
        Schema = schema;
        Failure = failure;
    }

    public JsonSchema? Schema { get; }

    /// <summary>The outcome of every check against this schema when it could not be built.</summary>
    public ArgumentsCheck? Failure { get; }

    public static CompiledSchema Built(JsonSchema schema) => new(schema, null);

    public static CompiledSchema Failed(ArgumentsCheck failure) => new(null, failure);
}
