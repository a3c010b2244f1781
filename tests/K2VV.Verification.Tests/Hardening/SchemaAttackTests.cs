using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using K2VV.Verification.Schemas;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>Tool schemas come from the client: they must not fetch, hang, overflow or grow the cache.</summary>
[Collection(MemoryMeasurementGroup.Name)]
public sealed class SchemaAttackTests(ITestOutputHelper output)
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task CheckArguments_RemoteAndFileRefs_AreNeverFetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = listener.AcceptTcpClientAsync();
        var validator = new ToolSchemaValidator();

        foreach (var reference in new[] { $"http://127.0.0.1:{port}/x", $"http://localhost:{port}/x#/a", "file:///etc/passwd" })
        {
            var check = validator.CheckArguments(Json("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + reference + "\"}}}"), Json("\"{\\\"a\\\": 1}\""));
            Assert.False(check.IsValid, reference);
        }

        var finished = await Task.WhenAny(accept, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.NotSame(accept, finished);
        listener.Stop();
    }

    [Theory]
    [InlineData("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]
    [InlineData("^(\\w+\\s?)*$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]
    public void CheckArguments_CatastrophicPattern_IsBoundedAndInvalid(string pattern, string value)
    {
        var validator = new ToolSchemaValidator();
        var schema = Json(JsonSerializer.Serialize(new { type = "object", properties = new { s = new { type = "string", pattern } } }));
        var arguments = Json(JsonSerializer.Serialize(JsonSerializer.Serialize(new { s = value })));
        ArgumentsCheck? check = null;

        var measured = Measured.Run(() => check = validator.CheckArguments(schema, arguments));

        output.WriteLine($"pattern {pattern}: {measured}, outcome {check!.Value.Outcome}");
        Assert.Equal(ArgumentsOutcome.Error, check.Value.Outcome);
        Assert.True(measured.Elapsed < validator.Options.RegexMatchTimeout * 10, measured.ToString());
    }

    [Theory]
    [InlineData("""{"$ref":"#"}""")]
    [InlineData("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""")]
    [InlineData("""{"type":"object","properties":{"child":{"$ref":"#"}},"additionalProperties":{"$ref":"#"}}""")]
    [InlineData("""{"definitions":{"n":{"type":"array","items":{"$ref":"#/definitions/n"}}},"$ref":"#/definitions/n","$schema":"http://json-schema.org/draft-07/schema#"}""")]
    public void CheckArguments_RecursiveSchemaAndDeepArguments_DoNotOverflow(string schema)
    {
        var validator = new ToolSchemaValidator();
        foreach (var depth in new[] { 1, 60, 64, 65, 10_000 })
        {
            var nested = string.Concat(Enumerable.Repeat("{\"child\":", depth)) + "{}" + new string('}', depth);
            var listNested = new string('[', depth) + new string(']', depth);
            foreach (var arguments in new[] { nested, listNested })
            {
                ArgumentsCheck? check = null;
                var measured = Measured.Run(() => check = validator.CheckArguments(Json(schema), Json(JsonSerializer.Serialize(arguments))));

                Assert.True(measured.Elapsed < TimeSpan.FromSeconds(5), $"{schema} at depth {depth}: {measured}");
                if (depth > validator.Options.MaxArgumentDepth)
                {
                    Assert.Equal(ArgumentsOutcome.Error, check!.Value.Outcome);
                }
            }
        }
    }

    [Fact]
    public void CheckArguments_FiveThousandDistinctSchemas_CacheStaysBounded()
    {
        var validator = new ToolSchemaValidator(new SchemaValidatorOptions { MaxCachedSchemas = 256 });
        var arguments = Json("\"{\\\"p\\\": \\\"x\\\"}\"");
        for (int i = 0; i < 300; i++)
        {
            validator.CheckArguments(Json("{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"maxLength\":" + i + "}}}"), arguments);
        }

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 300; i < 5_000; i++)
        {
            validator.CheckArguments(Json("{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"maxLength\":" + i + "}}}"), arguments);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"5,000 schemas: {validator.CachedSchemaCount} cached, {validator.CompiledSchemaCount} compiled, retained delta {(after - before) / 1024.0:F0} KB");
        Assert.Equal(256, validator.CachedSchemaCount);
        Assert.Equal(5_000, validator.CompiledSchemaCount);
        Assert.True(after - before < 16 << 20, $"{after - before} bytes retained");
    }
}
