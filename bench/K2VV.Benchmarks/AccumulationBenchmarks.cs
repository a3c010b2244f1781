using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using K2VV.Verification.Requests;
using K2VV.Verification.Schemas;
using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;

namespace K2VV.Benchmarks;

/// <summary>
/// Benchmarks of response accumulation and verdicts. The stream benchmarks feed a 1 MiB SSE
/// stream of tool-call argument deltas, plain and gzip, in 1–4 KiB network chunks, so their time
/// per operation is the time per MiB. The verdict benchmark evaluates one whole accumulated response.
/// </summary>
[MemoryDiagnoser]
public class AccumulationBenchmarks
{
    private const int TargetBytes = 1 << 20;

    private const string Schema =
        """{"type":"object","properties":{"path":{"type":"string"},"content":{"type":"string"},"mode":{"type":"string","enum":["w","a"]}},"required":["path","content"]}""";

    private List<byte[]> _plainChunks = [];
    private List<byte[]> _gzipChunks = [];
    private VerdictEvaluator _evaluator = null!;
    private ChatRequest _request = null!;
    private AccumulatedResponse _response = null!;

    [GlobalSetup(Targets = [nameof(AccumulateSseStream), nameof(AccumulateGzipSseStream)])]
    public void Setup()
    {
        var body = BuildStream();
        _plainChunks = Split(body, seed: 1);
        using (var compressed = new MemoryStream())
        {
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(body);
            }

            _gzipChunks = Split(compressed.ToArray(), seed: 2);
        }
    }

    [GlobalSetup(Target = nameof(EvaluateWholeResponse))]
    public void SetupVerdict()
    {
        Setup();
        _evaluator = new VerdictEvaluator(new ToolSchemaValidator());
        _request = new ChatRequest("kimi-k2", true, [new ToolDefinition("write_file", JsonDocument.Parse(Schema).RootElement.Clone())], ToolChoiceKind.Auto, null, 0);
        _response = Accumulate(_plainChunks, encoding: null);
        _evaluator.Evaluate(_request, _response);
    }

    [Benchmark(Baseline = true)]
    public AccumulatedResponse AccumulateSseStream() => Accumulate(_plainChunks, encoding: null);

    [Benchmark]
    public AccumulatedResponse AccumulateGzipSseStream() => Accumulate(_gzipChunks, encoding: "gzip");

    [Benchmark]
    public ResponseVerdict EvaluateWholeResponse() => _evaluator.Evaluate(_request, _response);

    private static AccumulatedResponse Accumulate(List<byte[]> chunks, string? encoding)
    {
        using var accumulator = new ResponseAccumulator(200, "text/event-stream", encoding, requestedStream: true);
        foreach (var chunk in chunks)
        {
            accumulator.Append(chunk);
        }

        return accumulator.Complete(StreamEnd.Clean);
    }

    /// <summary>Builds one stream of three parallel write_file calls whose content arrives in 12-character deltas.</summary>
    private static byte[] BuildStream()
    {
        var text = new StringBuilder();
        const string Prefix = """data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1760000000,"model":"kimi-k2","choices":[{"index":0,"delta":""";
        text.Append(Prefix).Append("""{"role":"assistant","content":""},"finish_reason":null}]}""").Append("\n\n");
        var perCall = TargetBytes / 3;
        for (var call = 0; call < 3; call++)
        {
            var start = text.Length;
            text.Append(Prefix).Append($$$"""{"tool_calls":[{"index":{{{call}}},"id":"functions.write_file:{{{call}}}","type":"function","function":{"name":"write_file","arguments":"{\"path\": \"/tmp/f{{{call}}}.txt\", \"content\": \""}}]},"finish_reason":null}]}""").Append("\n\n");
            var piece = 0;
            while (text.Length - start < perCall)
            {
                var delta = $"line {piece++:D5} é";
                text.Append(Prefix).Append($$$"""{"tool_calls":[{"index":{{{call}}},"function":{"arguments":"{{{delta}}}"}}]},"finish_reason":null}]}""").Append("\n\n");
            }

            text.Append(Prefix).Append($$$"""{"tool_calls":[{"index":{{{call}}},"function":{"arguments":"\"}"}}]},"finish_reason":null}]}""").Append("\n\n");
        }

        text.Append(Prefix).Append("""{},"finish_reason":"tool_calls"}]}""").Append("\n\n");
        text.Append("""data: {"id":"chatcmpl-bench","choices":[],"usage":{"prompt_tokens":100,"completion_tokens":90000,"total_tokens":90100}}""").Append("\n\n");
        text.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static List<byte[]> Split(byte[] body, int seed)
    {
        var random = new Random(seed);
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < body.Length;)
        {
            var size = Math.Min(random.Next(1024, 4097), body.Length - offset);
            chunks.Add(body[offset..(offset + size)]);
            offset += size;
        }

        return chunks;
    }
}
