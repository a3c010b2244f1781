using System.Text.Json.Nodes;
using K2VV.Verification.Results;
using Xunit;

namespace K2VV.Verification.Tests.Results;

// Expected texts and digests were printed by CPython 3 json.dumps / hashlib.md5 on the same inputs.
public sealed class PythonDumpsTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(123456789012345680.0, "1.2345678901234568e+17")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(3.141592653589793, "3.141592653589793")]
    [InlineData(1e22, "1e+22")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(9007199254740992.0, "9007199254740992.0")]
    [InlineData(0.3, "0.3")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(12345.678, "12345.678")]
    [InlineData(9999999999999998.0, "9999999999999998.0")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NaN, "NaN")]
    public void FormatFloat_Value_MatchesPythonRepr(double value, string expected)
    {
        Assert.Equal(expected, PythonDumps.FormatFloat(value));
    }

    [Theory]
    [InlineData("1.0", "1.0")]
    [InlineData("1e2", "100.0")]
    [InlineData("-0", "0")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("10", "10")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("1E-7", "1e-07")]
    [InlineData("2.50", "2.5")]
    [InlineData("0.5e1", "5.0")]
    [InlineData("1e400", "Infinity")]
    public void DumpsSorted_NumberToken_PrintsAsPythonLoadsAndDumps(string token, string expected)
    {
        var node = JsonNode.Parse($"[{token}]");

        Assert.Equal($"[{expected}]", PythonDumps.DumpsSorted(node));
    }

    [Fact]
    public void DumpsSorted_NonAscii_KeptControlsEscaped()
    {
        var node = JsonNode.Parse("""{"model": "kimi-k2", "messages": [{"role": "system", "content": "Hi \u00e9 \u00fc \u6f22\u5b57 \ud83d\ude00 \n\t\"q\" \\ \u0001 \u007f \u2028"}], "temperature": 0.6, "max_tokens": 100, "stream": true}""");

        var text = PythonDumps.DumpsSorted(node);

        Assert.Equal("{\"max_tokens\": 100, \"messages\": [{\"content\": \"Hi é ü 漢字 😀 \\n\\t\\\"q\\\" \\\\ \\u0001 \u007f \u2028\", \"role\": \"system\"}], \"model\": \"kimi-k2\", \"stream\": true, \"temperature\": 0.6}", text);
        Assert.Equal("c138767816a7f73cfe348c20c84cd7e5", RequestHash.Compute(node));
    }

    [Fact]
    public void DumpsSorted_KeysOutsideBmp_SortByCodePoint()
    {
        var node = JsonNode.Parse("""{"b": 1, "a": [1.0, 2, {"z": null, "y": false, "\u00e9": "x", "Z": "u", "\ud83d\ude00": 1, "\ufb01": 2}], "tools": []}""");

        var text = PythonDumps.DumpsSorted(node);

        Assert.Equal("{\"a\": [1.0, 2, {\"Z\": \"u\", \"y\": false, \"z\": null, \"é\": \"x\", \"ﬁ\": 2, \"😀\": 1}], \"b\": 1, \"tools\": []}", text);
        Assert.Equal("3b16ff0c43ed4c1c237436563de4f590", RequestHash.Compute(node));
    }

    [Fact]
    public void DumpsSorted_CodeValues_KeepNumberKinds()
    {
        var node = new JsonObject { ["temperature"] = 1.0, ["max_tokens"] = 512, ["top_p"] = 0.95f, ["name"] = "x" };

        Assert.Equal("{\"max_tokens\": 512, \"name\": \"x\", \"temperature\": 1.0, \"top_p\": 0.949999988079071}", PythonDumps.DumpsSorted(node));
    }

    [Fact]
    public void JsonLineParser_DuplicateKeys_LastValueWins()
    {
        var node = JsonLineParser.Parse("""{"b": 1, "a": {"x": 1, "x": 2.50}, "b": [3]}""");

        // CPython: json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)
        Assert.Equal("{\"a\": {\"x\": 2.5}, \"b\": [3]}", PythonDumps.DumpsSorted(node));
    }

    [Fact]
    public void JsonLineParser_InvalidText_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonLineParser.Parse("{\"a\": }"));
    }
}
