using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;
using K2VV.Verification.Schemas;
using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;

namespace K2VV.Benchmarks;

/// <summary>
/// The verification work of one typical proxied exchange, stage by stage, on the bodies that
/// <c>bench/load/make-bodies.py</c> writes for the load test: a 60 KB agent request with 20 tools
/// and a tool-call history, answered by one tool call as JSON or as a 24-event SSE stream.
/// </summary>
[MemoryDiagnoser]
public class TypicalExchangeBenchmarks
{
    private byte[] _request = [];
    private byte[] _streamRequest = [];
    private List<byte[]> _sseChunks = [];
    private byte[] _json = [];
    private VerdictEvaluator _evaluator = null!;
    private ChatRequest _chat = null!;
    private AccumulatedResponse _sseResponse = null!;
    private AccumulatedResponse _jsonResponse = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"k2vv-bench-{Environment.ProcessId}");
        var script = FindScript();
        using (var process = Process.Start(new ProcessStartInfo("python3", [script, directory]) { RedirectStandardOutput = true })!)
        {
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }

        _request = File.ReadAllBytes(Path.Combine(directory, "request.json"));
        _streamRequest = File.ReadAllBytes(Path.Combine(directory, "request-stream.json"));
        _json = File.ReadAllBytes(Path.Combine(directory, "completion.json"));
        var sse = File.ReadAllBytes(Path.Combine(directory, "completion.sse"));
        Directory.Delete(directory, recursive: true);

        // One event per network read, as nginx's chunked SSE arrives through the proxy.
        _sseChunks = [];
        for (int start = 0; start < sse.Length;)
        {
            int end = sse.AsSpan(start).IndexOf("\n\n"u8);
            int length = end < 0 ? sse.Length - start : end + 2;
            _sseChunks.Add(sse[start..(start + length)]);
            start += length;
        }

        _evaluator = new VerdictEvaluator(new ToolSchemaValidator());
        _chat = RequestInspector.Inspect(_streamRequest, ToolIdRewriteMode.Canonical).Request
            ?? throw new InvalidOperationException("The benchmark request is not readable.");
        _sseResponse = AccumulateSse();
        _jsonResponse = AccumulateJson();
        if (!_evaluator.Evaluate(_chat, _sseResponse).IsSchemaValid || !_evaluator.Evaluate(_chat, _jsonResponse).IsSchemaValid)
        {
            throw new InvalidOperationException("The benchmark tool call does not validate.");
        }

        Console.WriteLine($"// request {_request.Length} bytes, SSE {sse.Length} bytes in {_sseChunks.Count} chunks, JSON {_json.Length} bytes");
    }

    [Benchmark(Description = "Inspect 60 KB request")]
    public RequestInspection Inspect() => RequestInspector.Inspect(_request, ToolIdRewriteMode.Canonical);

    [Benchmark(Description = "Accumulate SSE answer")]
    public AccumulatedResponse AccumulateSse()
    {
        using var accumulator = new ResponseAccumulator(200, "text/event-stream", null, requestedStream: true);
        foreach (var chunk in _sseChunks)
        {
            accumulator.Append(chunk);
        }

        return accumulator.Complete(StreamEnd.Clean);
    }

    [Benchmark(Description = "Accumulate JSON answer")]
    public AccumulatedResponse AccumulateJson()
    {
        using var accumulator = new ResponseAccumulator(200, "application/json", null, requestedStream: false);
        accumulator.Append(_json);
        return accumulator.Complete(StreamEnd.Clean);
    }

    [Benchmark(Description = "Evaluate SSE answer")]
    public ResponseVerdict EvaluateSse() => _evaluator.Evaluate(_chat, _sseResponse);

    [Benchmark(Description = "Evaluate JSON answer")]
    public ResponseVerdict EvaluateJson() => _evaluator.Evaluate(_chat, _jsonResponse);

    [Benchmark(Description = "Whole SSE exchange")]
    public ResponseVerdict WholeSseExchange()
    {
        var inspection = RequestInspector.Inspect(_streamRequest, ToolIdRewriteMode.Canonical);
        return _evaluator.Evaluate(inspection.Request!, AccumulateSse());
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "bench", "load", "make-bodies.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("bench/load/make-bodies.py was not found above the benchmark's directory.");
    }
}
