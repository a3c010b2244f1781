using System.Text.Json;
using K2VV.Verification.Schemas;
using K2VV.Verification.Verdicts;
using Xunit;

namespace K2VV.Verification.Tests.Verdicts;

public class ArgumentsCheckMemoTests
{
    private static readonly JsonElement PathSchema = Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""");
    private static readonly JsonElement CountSchema = Parse("""{"type":"object","properties":{"path":{"type":"integer"}},"required":["path"]}""");

    [Fact]
    public void CheckArguments_SameValueEscapedDifferently_GivesTheValidatorsAnswer()
    {
        var validator = new ToolSchemaValidator();
        var memo = new ArgumentsCheckMemo(validator);
        var plain = Parse("""
            "{\"path\": \"a.txt\"}"
            """);
        var escaped = Parse("""
            "{\u0022path\u0022: \u0022a.txt\u0022}"
            """);

        var first = memo.CheckArguments(PathSchema, plain);
        var second = memo.CheckArguments(PathSchema, escaped);

        Assert.Equal(validator.CheckArguments(PathSchema, plain), first);
        Assert.Equal(ArgumentsOutcome.Valid, second.Outcome);
    }

    [Fact]
    public void CheckArguments_OtherSchemaSameArguments_IsCheckedAgain()
    {
        var memo = new ArgumentsCheckMemo(new ToolSchemaValidator());
        var arguments = Parse("""
            "{\"path\": \"a.txt\"}"
            """);

        Assert.Equal(ArgumentsOutcome.Valid, memo.CheckArguments(PathSchema, arguments).Outcome);
        Assert.Equal(ArgumentsOutcome.SchemaViolation, memo.CheckArguments(CountSchema, arguments).Outcome);
    }

    [Fact]
    public void CheckArguments_StringAndObjectWithSameText_AreNotConfused()
    {
        var memo = new ArgumentsCheckMemo(new ToolSchemaValidator());
        var text = Parse("""
            "{\"path\":\"a.txt\"}"
            """);
        var notJson = Parse("""
            "{\"path\":"
            """);
        var asObject = Parse("""{"path":"a.txt"}""");

        Assert.Equal(ArgumentsOutcome.Valid, memo.CheckArguments(PathSchema, text).Outcome);
        Assert.Equal(ArgumentsOutcome.InvalidJson, memo.CheckArguments(PathSchema, notJson).Outcome);
        Assert.Equal(ArgumentsOutcome.Valid, memo.CheckArguments(PathSchema, asObject).Outcome);
    }

    [Fact]
    public void CheckArguments_LoneSurrogateEscape_IsReportedNotThrown()
    {
        var memo = new ArgumentsCheckMemo(new ToolSchemaValidator());
        var broken = Parse("""
            "{\"path\": \"\ud800\"}"
            """);

        var check = memo.CheckArguments(PathSchema, broken);

        Assert.Equal(new ToolSchemaValidator().CheckArguments(PathSchema, broken), check);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json.Trim()).RootElement.Clone();
}
