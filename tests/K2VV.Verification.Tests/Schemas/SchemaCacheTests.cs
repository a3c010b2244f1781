using System.Text.Json;
using K2VV.Verification.Schemas;
using Xunit;

namespace K2VV.Verification.Tests.Schemas;

public sealed class SchemaCacheTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void CheckArguments_SameSchemaRepeated_CompilesOnce()
    {
        var validator = new ToolSchemaValidator();
        var arguments = JsonSerializer.SerializeToElement("{\"a\": 1}");

        for (var i = 0; i < 100; i++)
        {
            // A fresh document each time: the cache keys on content, not on the element's identity.
            validator.CheckArguments(Json("{\"type\": \"object\"}"), arguments);
        }

        Assert.Equal(1, validator.CompiledSchemaCount);
    }

    [Fact]
    public void CheckArguments_ConcurrentCalls_CompileOnce()
    {
        var validator = new ToolSchemaValidator();
        var schema = Json("{\"type\": \"object\", \"properties\": {\"a\": {\"pattern\": \"^x\"}}}");
        var arguments = JsonSerializer.SerializeToElement("{\"a\": \"xy\"}");

        var results = new bool[64];
        Parallel.For(0, results.Length, i => results[i] = validator.CheckArguments(schema, arguments).IsValid);

        Assert.All(results, Assert.True);
        Assert.Equal(1, validator.CompiledSchemaCount);
    }

    [Fact]
    public void CheckArguments_InvalidSchemaRepeated_CompilesOnce()
    {
        var validator = new ToolSchemaValidator();
        var arguments = JsonSerializer.SerializeToElement("{}");

        validator.CheckArguments(Json("{\"type\": 5}"), arguments);
        var second = validator.CheckArguments(Json("{\"type\": 5}"), arguments);

        Assert.Equal(ArgumentsOutcome.InvalidSchema, second.Outcome);
        Assert.Equal(1, validator.CompiledSchemaCount);
    }

    [Fact]
    public void CheckArguments_OverCapacity_EvictsOldest()
    {
        var validator = new ToolSchemaValidator(new SchemaValidatorOptions { MaxCachedSchemas = 2 });
        var arguments = JsonSerializer.SerializeToElement("1");

        validator.CheckArguments(Json("{\"minimum\": 1}"), arguments);
        validator.CheckArguments(Json("{\"minimum\": 2}"), arguments);
        validator.CheckArguments(Json("{\"minimum\": 1}"), arguments);
        validator.CheckArguments(Json("{\"minimum\": 3}"), arguments);
        validator.CheckArguments(Json("{\"minimum\": 1}"), arguments);
        validator.CheckArguments(Json("{\"minimum\": 2}"), arguments);

        Assert.Equal(2, validator.CachedSchemaCount);
        Assert.Equal(4, validator.CompiledSchemaCount);
    }

    [Fact]
    public void CheckArguments_DisposedSchemaDocument_StaysCached()
    {
        var validator = new ToolSchemaValidator();
        var arguments = JsonSerializer.SerializeToElement("{\"a\": 1}");
        using (var document = JsonDocument.Parse("{\"required\": [\"a\"]}"))
        {
            Assert.True(validator.CheckArguments(document.RootElement, arguments).IsValid);
        }

        var check = validator.CheckArguments(Json("{\"required\": [\"a\"]}"), JsonSerializer.SerializeToElement("{}"));

        Assert.Equal(ArgumentsOutcome.SchemaViolation, check.Outcome);
        Assert.Equal(1, validator.CompiledSchemaCount);
    }
}
