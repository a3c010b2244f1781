using System.Diagnostics;
using System.Text.Json;
using K2VV.Verification.Schemas;
using Xunit;

namespace K2VV.Verification.Tests.Schemas;

public sealed class ToolSchemaValidatorTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static JsonElement Arguments(string text) => JsonSerializer.SerializeToElement(text);

    private static ArgumentsOutcome Check(string schema, string arguments, SchemaValidatorOptions? options = null) =>
        new ToolSchemaValidator(options).CheckArguments(Json(schema), Arguments(arguments)).Outcome;

    [Theory]
    [InlineData("{\"type\": \"number\"}", "NaN", ArgumentsOutcome.Valid)]
    [InlineData("{\"type\": \"number\"}", "Infinity", ArgumentsOutcome.Valid)]
    [InlineData("{\"type\": \"integer\"}", "NaN", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"type\": \"integer\"}", "-Infinity", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"minimum\": 0, \"maximum\": 1}", "NaN", ArgumentsOutcome.Valid)]
    [InlineData("{\"maximum\": 1}", "Infinity", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"minimum\": 1}", "Infinity", ArgumentsOutcome.Valid)]
    [InlineData("{\"exclusiveMinimum\": 0}", "-Infinity", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"multipleOf\": 2}", "NaN", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"multipleOf\": 0.5}", "NaN", ArgumentsOutcome.Error)]
    [InlineData("{\"multipleOf\": 0.5}", "Infinity", ArgumentsOutcome.Error)]
    public void CheckArguments_NonFiniteNumbers_FollowPython(string schema, string arguments, ArgumentsOutcome expected)
    {
        Assert.Equal(expected, Check(schema, arguments));
    }

    [Theory]
    [InlineData("{\"type\": \"integer\"}", "1.0", ArgumentsOutcome.Valid)]
    [InlineData("{\"type\": \"integer\"}", "1e2", ArgumentsOutcome.Valid)]
    [InlineData("{\"type\": \"integer\"}", "1.5", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"$schema\": \"http://json-schema.org/draft-04/schema#\", \"type\": \"integer\"}", "1.0", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"multipleOf\": 0.01}", "19.99", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"multipleOf\": 0.01}", "0.07", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"multipleOf\": 0.5}", "4.5", ArgumentsOutcome.Valid)]
    [InlineData("{\"multipleOf\": 3}", "123456789012345678901234567890", ArgumentsOutcome.Valid)]
    [InlineData("{\"multipleOf\": 3}", "123456789012345678901234567891", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"multipleOf\": 0.123456789}", "1e308", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"maximum\": 9007199254740992}", "9007199254740993", ArgumentsOutcome.SchemaViolation)]
    public void CheckArguments_Numbers_FollowPythonArithmetic(string schema, string arguments, ArgumentsOutcome expected)
    {
        Assert.Equal(expected, Check(schema, arguments));
    }

    [Theory]
    [InlineData("{\"pattern\": \"^\\\\d+$\"}", "\"١٢٣\"", ArgumentsOutcome.Valid)]
    [InlineData("{\"pattern\": \"^\\\\w+$\"}", "\"héllo\"", ArgumentsOutcome.Valid)]
    [InlineData("{\"pattern\": \"^(?P<year>\\\\d{4})-(?P=year)$\"}", "\"2024-2024\"", ArgumentsOutcome.Valid)]
    [InlineData("{\"pattern\": \"^(?P<year>\\\\d{4})-(?P=year)$\"}", "\"2024-2025\"", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"pattern\": \"^a{,2}$\"}", "\"aa\"", ArgumentsOutcome.Valid)]
    [InlineData("{\"pattern\": \"^a{,2}$\"}", "\"aaa\"", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"pattern\": \"abc\\\\Z\"}", "\"abc\\n\"", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"pattern\": \"\\\\p{L}\"}", "\"a\"", ArgumentsOutcome.InvalidSchema)]
    [InlineData("{\"pattern\": \"(\"}", "\"a\"", ArgumentsOutcome.InvalidSchema)]
    [InlineData("{\"patternProperties\": {\"^\\\\w+$\": {\"type\": \"integer\"}}}", "{\"é\": \"x\"}", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"format\": \"email\"}", "\"not an email\"", ArgumentsOutcome.Valid)]
    public void CheckArguments_Patterns_UsePythonRegexDialect(string schema, string arguments, ArgumentsOutcome expected)
    {
        Assert.Equal(expected, Check(schema, arguments));
    }

    [Fact]
    public void CheckArguments_CatastrophicPattern_TimesOutAsError()
    {
        var options = new SchemaValidatorOptions { RegexMatchTimeout = TimeSpan.FromMilliseconds(50) };
        var stopwatch = Stopwatch.StartNew();

        var check = new ToolSchemaValidator(options).CheckArguments(
            Json("{\"type\": \"string\", \"pattern\": \"^(\\\\w+\\\\s?)*$\"}"),
            Arguments("\"An input string that takes forever!\""));

        Assert.Equal(ArgumentsOutcome.Error, check.Outcome);
        Assert.Contains("timed out", check.Detail, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData("{\"type\": \"object\", \"optional\": true, \"properties\": {\"a\": {\"type\": \"string\", \"nullable\": true}}}", "{\"a\": \"x\"}", ArgumentsOutcome.Valid)]
    [InlineData("{\"type\": \"object\", \"required\": [\"a\"]}", "{}", ArgumentsOutcome.SchemaViolation)]
    [InlineData("{\"type\": \"object\"}", "{\"a\": 1", ArgumentsOutcome.InvalidJson)]
    [InlineData("{\"type\": \"object\"}", "{'a': 1}", ArgumentsOutcome.InvalidJson)]
    [InlineData("{\"type\": \"objekt\"}", "{}", ArgumentsOutcome.InvalidSchema)]
    [InlineData("{\"minimum\": \"5\"}", "5", ArgumentsOutcome.InvalidSchema)]
    [InlineData("{\"$id\": \"#user\", \"type\": \"object\"}", "{}", ArgumentsOutcome.InvalidSchema)]
    public void CheckArguments_Outcomes_AreClassified(string schema, string arguments, ArgumentsOutcome expected)
    {
        Assert.Equal(expected, Check(schema, arguments));
    }

    [Fact]
    public void CheckInstance_ObjectArguments_ValidatedAsIs()
    {
        var validator = new ToolSchemaValidator();
        var schema = Json("{\"type\": \"object\", \"required\": [\"a\"]}");

        Assert.True(validator.CheckArguments(schema, Json("{\"a\": 1}")).IsValid);
        Assert.False(validator.CheckArguments(schema, Json("{\"b\": 1}")).IsValid);
    }

    [Theory]
    [InlineData("http://example.com/remote.json")]
    [InlineData("https://example.com/remote.json#/definitions/a")]
    [InlineData("file:///etc/passwd")]
    public void CheckArguments_RemoteOrFileRef_IsInvalidWithoutFetching(string reference)
    {
        var schema = $"{{\"properties\": {{\"a\": {{\"$ref\": \"{reference}\"}}}}}}";

        var outcome = Check(schema, "{\"a\": 1}");

        Assert.NotEqual(ArgumentsOutcome.Valid, outcome);
    }

    [Fact]
    public void CheckArguments_SharedId_RefsStayLocal()
    {
        var validator = new ToolSchemaValidator();
        var first = Json("{\"$id\": \"https://example.com/tool\", \"$defs\": {\"v\": {\"type\": \"string\"}}, \"properties\": {\"a\": {\"$ref\": \"#/$defs/v\"}}}");
        var second = Json("{\"$id\": \"https://example.com/tool\", \"$defs\": {\"v\": {\"type\": \"integer\"}}, \"properties\": {\"a\": {\"$ref\": \"#/$defs/v\"}}}");

        Assert.True(validator.CheckArguments(first, Arguments("{\"a\": \"x\"}")).IsValid);
        Assert.True(validator.CheckArguments(second, Arguments("{\"a\": 1}")).IsValid);
        Assert.False(validator.CheckArguments(second, Arguments("{\"a\": \"x\"}")).IsValid);
        Assert.True(validator.CheckArguments(first, Arguments("{\"a\": \"x\"}")).IsValid);
    }

    [Fact]
    public void CheckArguments_IdAfterRef_BuildsAndResolves()
    {
        var schema = "{\"$ref\": \"#/$defs/a\", \"$id\": \"https://example.com/s\", \"$defs\": {\"a\": {\"type\": \"object\"}}}";

        Assert.Equal(ArgumentsOutcome.Valid, Check(schema, "{}"));
        Assert.Equal(ArgumentsOutcome.SchemaViolation, Check(schema, "[]"));
    }

    [Fact]
    public void CheckArguments_Draft7RefSiblings_AreIgnored()
    {
        var schema = "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"definitions\": {\"a\": {\"type\": \"object\"}}, \"$ref\": \"#/definitions/a\", \"required\": [\"x\"]}";

        Assert.Equal(ArgumentsOutcome.Valid, Check(schema, "{}"));
    }

    [Fact]
    public void CheckArguments_2020RefSiblings_AreApplied()
    {
        var schema = "{\"$defs\": {\"a\": {\"type\": \"object\"}}, \"$ref\": \"#/$defs/a\", \"required\": [\"x\"]}";

        Assert.Equal(ArgumentsOutcome.SchemaViolation, Check(schema, "{}"));
    }

    [Fact]
    public void CheckArguments_DeepRecursiveInput_IsError()
    {
        var schema = "{\"$defs\": {\"n\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/n\"}}}, \"$ref\": \"#/$defs/n\"}";
        var deep = new string('[', 5000) + new string(']', 5000);

        Assert.Equal(ArgumentsOutcome.Error, Check(schema, deep));
        Assert.Equal(ArgumentsOutcome.Valid, Check(schema, "[[[]]]"));
    }

    [Fact]
    public void CheckInstance_DeepParsedInstance_IsError()
    {
        var options = new SchemaValidatorOptions { MaxArgumentDepth = 3 };
        var instance = Json("[[[[1]]]]");

        var check = new ToolSchemaValidator(options).CheckInstance(Json("{\"type\": \"array\"}"), instance);

        Assert.Equal(ArgumentsOutcome.Error, check.Outcome);
    }

    [Fact]
    public void CheckInstance_UndefinedElements_AreErrorNotException()
    {
        var check = new ToolSchemaValidator().CheckInstance(default, default);

        Assert.Equal(ArgumentsOutcome.Error, check.Outcome);
    }

    [Fact]
    public void CheckArguments_InvalidOutcome_HasOneLineDetail()
    {
        var check = new ToolSchemaValidator().CheckArguments(Json("{\"type\": \"objekt\"}"), Arguments("{}"));

        Assert.NotNull(check.Detail);
        Assert.DoesNotContain('\n', check.Detail);
    }
}
