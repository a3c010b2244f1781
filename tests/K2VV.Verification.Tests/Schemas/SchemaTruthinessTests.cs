using System.Text.Json;
using K2VV.Verification.Schemas;
using Xunit;

namespace K2VV.Verification.Tests.Schemas;

public sealed class SchemaTruthinessTests
{
    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("false")]
    public void IsTruthy_PythonFalsyValue_ReturnsFalse(string json)
    {
        Assert.False(SchemaTruthiness.IsTruthy(JsonDocument.Parse(json).RootElement));
    }

    [Theory]
    [InlineData("{\"type\": \"object\"}")]
    [InlineData("[0]")]
    [InlineData("\"x\"")]
    [InlineData("1")]
    [InlineData("true")]
    public void IsTruthy_PythonTruthyValue_ReturnsTrue(string json)
    {
        Assert.True(SchemaTruthiness.IsTruthy(JsonDocument.Parse(json).RootElement));
    }

    [Fact]
    public void IsTruthy_MissingValue_ReturnsFalse()
    {
        Assert.False(SchemaTruthiness.IsTruthy(default));
    }
}
