using System.Text.Json;
using K2VV.Verification.Schemas;

namespace K2VV.Verification.Tests.Schemas;

/// <summary>The reference's validation of one call, given its tool's parameters: truthiness first, then the schema.</summary>
internal static class ReferenceVerdict
{
    public static ArgumentsCheck Of(ToolSchemaValidator validator, JsonElement parameters, JsonElement arguments) =>
        SchemaTruthiness.IsTruthy(parameters)
            ? validator.CheckArguments(parameters, arguments)
            : new ArgumentsCheck(ArgumentsOutcome.InvalidSchema, "Schema is falsy");
}
