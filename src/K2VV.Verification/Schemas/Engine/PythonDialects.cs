using Json.Schema;
using Json.Schema.Keywords;

namespace K2VV.Verification.Schemas.Engine;

/// <summary>JsonSchema.Net dialects with the keyword semantics of Python's jsonschema, one per draft.</summary>
/// <remarks>
/// Every dialect allows unknown keywords (BFCL's <c>optional</c>, OpenAPI's <c>nullable</c>) and leaves
/// <c>format</c> as an annotation. The numeric, <c>type</c> and regex keywords are replaced by Python-exact
/// versions whose regexes carry the configured match timeout.
/// </remarks>
internal sealed class PythonDialects
{
    private static readonly Uri Draft4Id = new("http://json-schema.org/draft-04/schema#");

    public PythonDialects(TimeSpan regexMatchTimeout)
    {
        IKeywordHandler[] common =
        [
            new PythonMinimumKeyword(),
            new PythonMaximumKeyword(),
            new PythonMultipleOfKeyword(),
            new PythonPatternKeyword(regexMatchTimeout),
            new PythonPatternPropertiesKeyword(regexMatchTimeout),
        ];
        IKeywordHandler[] modern = [.. common, new PythonTypeKeyword(floatsCanBeIntegers: true), new PythonExclusiveMinimumKeyword(), new PythonExclusiveMaximumKeyword()];

        // Python's referencing library finds embedded $id resources under "definitions" in every draft.
        IKeywordHandler[] modernWithDefinitions = [.. modern, Json.Schema.Keywords.Draft06.DefinitionsKeyword.Instance];

        Draft202012 = Dialect.Draft202012.With(modernWithDefinitions, Dialect.Draft202012.Id, refIgnoresSiblingKeywords: false, allowUnknownKeywords: true);
        Draft201909 = Dialect.Draft201909.With(modernWithDefinitions, Dialect.Draft201909.Id, refIgnoresSiblingKeywords: false, allowUnknownKeywords: true);
        Draft7 = Dialect.Draft07.With(modern, Dialect.Draft07.Id, refIgnoresSiblingKeywords: true, allowUnknownKeywords: true);
        Draft6 = Dialect.Draft06.With(modern, Dialect.Draft06.Id, refIgnoresSiblingKeywords: true, allowUnknownKeywords: true);

        // Draft-04 is draft-06 without the keywords draft-06 added; its boolean exclusiveMinimum and
        // exclusiveMaximum and its "id" are rewritten to draft-06 form before the build.
        var draft6Only = Dialect.Draft06.Without(
            [ConstKeyword.Instance, ContainsKeyword.Instance, PropertyNamesKeyword.Instance, ExamplesKeyword.Instance],
            Draft4Id,
            refIgnoresSiblingKeywords: true,
            allowUnknownKeywords: true);
        Draft4 = draft6Only.With([.. common, new PythonTypeKeyword(floatsCanBeIntegers: false), new PythonExclusiveMinimumKeyword(), new PythonExclusiveMaximumKeyword()], Draft4Id, true, true);

        Registry = new DialectRegistry();
        foreach (var dialect in new[] { Draft202012, Draft201909, Draft7, Draft6 })
        {
            Registry.Register(dialect);
        }
    }

    public Dialect Draft4 { get; }

    public Dialect Draft6 { get; }

    public Dialect Draft7 { get; }

    public Dialect Draft201909 { get; }

    public Dialect Draft202012 { get; }

    /// <summary>Registry that makes an embedded <c>$schema</c> pick these dialects instead of the library's.</summary>
    public DialectRegistry Registry { get; }

    public Dialect For(SchemaDraft draft) => draft switch
    {
        SchemaDraft.Draft4 => Draft4,
        SchemaDraft.Draft6 => Draft6,
        SchemaDraft.Draft7 => Draft7,
        SchemaDraft.Draft201909 => Draft201909,
        _ => Draft202012,
    };
}
