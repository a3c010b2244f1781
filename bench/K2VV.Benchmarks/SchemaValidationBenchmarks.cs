using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Json.Schema;
using K2VV.Verification.Schemas;

namespace K2VV.Benchmarks;

/// <summary>
/// One cached tool-call check against JsonSchema.Net's own evaluation of the same pre-parsed instance,
/// on kimi-cli's 14-property <c>Grep</c> tool from tests/TestData/tools.jsonl.
/// </summary>
[MemoryDiagnoser]
public class SchemaValidationBenchmarks
{
    private const string ToolId = "kimi-cli::Grep";

    private static readonly Dictionary<string, string> Instances = new()
    {
        ["valid"] = "{\"pattern\": \"connection timeout\", \"path\": \"/srv/app\", \"glob\": \"*.cs\", \"output_mode\": \"content\", \"-B\": 2, \"-A\": 2, \"-n\": true, \"-i\": false, \"type\": null, \"head_limit\": 100, \"offset\": 0, \"multiline\": false}",
        ["invalid"] = "{\"pattern\": \"connection timeout\", \"path\": \"/srv/app\", \"glob\": \"*.cs\", \"output_mode\": \"content\", \"-B\": \"2\", \"-A\": 2, \"-n\": true, \"-i\": false, \"type\": null, \"head_limit\": -1, \"offset\": 0, \"multiline\": false}",
    };

    private static readonly EvaluationOptions FlagOutput = new() { OutputFormat = OutputFormat.Flag };

    private ToolSchemaValidator _validator = null!;
    private JsonSchema _bareSchema = null!;
    private JsonElement _schema;
    private JsonElement _instance;
    private JsonElement _argumentsString;

    [Params("valid", "invalid")]
    public string Instance { get; set; } = "valid";

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "tools.jsonl");
        var tool = File.ReadLines(path)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Single(t => t.GetProperty("id").GetString() == ToolId);
        _schema = tool.GetProperty("parameters");
        _instance = JsonDocument.Parse(Instances[Instance]).RootElement;
        _argumentsString = JsonSerializer.SerializeToElement(Instances[Instance]);

        _bareSchema = JsonSchema.Build(_schema, new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() });
        _validator = new ToolSchemaValidator();

        var expected = Instance == "valid";
        if (_validator.CheckInstance(_schema, _instance).IsValid != expected || _bareSchema.Evaluate(_instance, FlagOutput).IsValid != expected)
        {
            throw new InvalidOperationException($"The {Instance} instance does not give the expected verdict.");
        }
    }

    [Benchmark(Baseline = true, Description = "JsonSchema.Net Evaluate")]
    public bool BareEvaluation() => _bareSchema.Evaluate(_instance, FlagOutput).IsValid;

    [Benchmark(Description = "CheckInstance (cached)")]
    public bool CachedCheck() => _validator.CheckInstance(_schema, _instance).IsValid;

    [Benchmark(Description = "CheckArguments from string (cached)")]
    public bool CachedCheckFromString() => _validator.CheckArguments(_schema, _argumentsString).IsValid;
}
