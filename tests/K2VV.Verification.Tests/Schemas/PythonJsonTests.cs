using System.Text.Json;
using K2VV.Verification.Schemas;
using Xunit;

namespace K2VV.Verification.Tests.Schemas;

public sealed class PythonJsonTests
{
    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("{\"a\": NaN}")]
    [InlineData(" {\"a\": 1} \n\t")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\ud83d\\ude00\"")]
    [InlineData("1.5e3")]
    [InlineData("123456789012345678901234567890")]
    public void TryParse_TextPythonAccepts_Succeeds(string text)
    {
        Assert.True(PythonJson.TryParse(text, out _, out var error), error);
    }

    [Theory]
    [InlineData("{'a': 1}")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("[1, 2,]")]
    [InlineData("{\"a\": 1} // note")]
    [InlineData("/* c */ {}")]
    [InlineData("{\"a\": 1} x")]
    [InlineData("{\"a\": 1}{\"b\": 2}")]
    [InlineData("\"tab\there\"")]
    [InlineData("\"line\nbreak\"")]
    [InlineData("\uFEFF{}")]
    [InlineData("-NaN")]
    [InlineData("nan")]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData("")]
    [InlineData("{\"a\": \"\\x41\"}")]
    [InlineData("```json\n{}\n```")]
    [InlineData("{\"a\": 1")]
    public void TryParse_TextPythonRejects_Fails(string text)
    {
        Assert.False(PythonJson.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_DuplicateKeys_LastValueWins()
    {
        Assert.True(PythonJson.TryParse("{\"a\": 1, \"b\": 2, \"a\": \"x\"}", out var value, out _));

        Assert.Equal("x", value.GetProperty("a").GetString());
        Assert.Equal(2, value.EnumerateObject().Count());
    }

    [Fact]
    public void TryParse_LoneSurrogate_BecomesReplacementCharacter()
    {
        Assert.True(PythonJson.TryParse("\"a\\udc00b\"", out var value, out _));

        Assert.Equal("a\uFFFDb", value.GetString());
    }

    [Fact]
    public void TryParse_NestingBeyondLimit_FailsWithoutCrash()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        Assert.False(PythonJson.TryParse(deep, out _, out var error));
        Assert.Contains("Nesting deeper than 64", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NestingAtLimit_Succeeds()
    {
        var text = new string('[', 64) + new string(']', 64);

        Assert.True(PythonJson.TryParse(text, out var value, out _));
        Assert.Equal(JsonValueKind.Array, value.ValueKind);
    }
}
