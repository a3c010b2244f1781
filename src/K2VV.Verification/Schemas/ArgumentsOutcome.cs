namespace K2VV.Verification.Schemas;

/// <summary>Result of checking one tool call's arguments against its tool's parameter schema.</summary>
public enum ArgumentsOutcome
{
    /// <summary>The arguments parse and satisfy the schema.</summary>
    Valid,

    /// <summary>The arguments string is not JSON as Python's <c>json.loads</c> reads it.</summary>
    InvalidJson,

    /// <summary>The arguments parse but break the schema.</summary>
    SchemaViolation,

    /// <summary>The schema itself is invalid for its draft, so every call against it is invalid.</summary>
    InvalidSchema,

    /// <summary>Validation could not finish (regex timeout, nesting limit, engine error); counted as invalid.</summary>
    Error,
}
