namespace K2VV.Verification.Schemas.Engine;

/// <summary>JSON Schema drafts that Python's jsonschema 4.26 selects by <c>$schema</c>.</summary>
internal enum SchemaDraft
{
    Draft4,
    Draft6,
    Draft7,
    Draft201909,
    Draft202012,
}
