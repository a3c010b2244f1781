using System.IO.Compression;
using System.Text;
using K2VV.Verification.Schemas;
using K2VV.Verification.Streaming;
using K2VV.Verification.Tests.Streaming;
using K2VV.Verification.Tests.Verdicts;
using K2VV.Verification.Verdicts;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>
/// Mutated and oversized bodies never throw out of Append, Complete or Evaluate, never hit the
/// accumulator's internal-error path, and stay within <see cref="AccumulatorLimits"/>.
/// </summary>
public sealed class AccumulatorBadInputTests(ITestOutputHelper output)
{
    /// <summary>Seed of the mutations.</summary>
    internal const int Seed = 1337;

    private static readonly VerdictEvaluator Evaluator = new(new ToolSchemaValidator());

    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "\n", "\r", "\r\n", "\n\n", "data: ", "data:[DONE]\n\n", "event: error\n", ":comment\n", "{", "}", "[", "]", "\"",
            "NaN", "-Infinity", "1e999999", "\"index\":99999999999,", "\"index\":-1,", "\"arguments\":null,", "\"tool_calls\":{},",
            "\"finish_reason\":7,", "\"choices\":[],", "\"error\":{\"message\":\"x\"},", "\"id\":\"a\",\"id\":\"b\",", "\\ud800",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00],
    ];

    public static TheoryData<string> CaseIds => [.. BugCase.Ids];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Evaluate_TruncatedAndMutatedCase_NeverThrowsNorFailsInternally(string id)
    {
        var bugCase = BugCase.Get(id);
        var request = VerdictEvaluatorCaseTests.RequestOf(bugCase);
        var body = bugCase.ContentEncoding is null ? bugCase.Body : [.. Decompress(bugCase.Body)];
        var random = new Random(RequestInspectorMutationTests.HashOf(id) ^ Seed);

        for (int length = 0; length <= body.Length; length += 1 + body.Length / 200)
        {
            AssertHolds(bugCase, request, body[..length], $"{id} cut at {length}");
        }

        for (int mutant = 0; mutant < 150; mutant++)
        {
            AssertHolds(bugCase, request, Mutate(body, random), $"{id} mutant {mutant} (seed {Seed})");
        }
    }

    [Theory]
    [InlineData("text/event-stream", true)]
    [InlineData("application/json", false)]
    public void Append_100MegabyteLine_StaysWithinLimits(string contentType, bool stream)
    {
        var limits = AccumulatorLimits.Default;
        var prefix = stream ? "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" : "{\"choices\":[{\"message\":{\"content\":\"";
        var chunk = Encoding.UTF8.GetBytes(new string('x', 1 << 20));
        var tail = stream ? "\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n" : "\"},\"finish_reason\":\"stop\"}]}";
        AccumulatedResponse? response = null;
        using var accumulator = new ResponseAccumulator(200, contentType, null, stream, limits);

        var measured = Measured.Run(() =>
        {
            accumulator.Append(Encoding.UTF8.GetBytes(prefix));
            for (int i = 0; i < 100; i++)
            {
                accumulator.Append(chunk);
            }

            accumulator.Append(Encoding.UTF8.GetBytes(tail));
            response = accumulator.Complete(StreamEnd.Clean);
        });

        output.WriteLine($"100 MB line as {contentType}: {measured}, capped {response!.IsCapped}, unverified {response.UnverifiedReason ?? "no"}, finish {response.FinishReason ?? "none"}");
        Assert.True(response.IsCapped);
        Assert.NotEqual("internal_error", response.UnverifiedReason);
        // The body buffer grows by doubling up to MaxBodyBytes, so its copies add up to about twice the limit.
        Assert.True(measured.AllocatedBytes < 3L * Math.Max(limits.MaxEventBytes, limits.MaxBodyBytes), measured.ToString());
        if (stream)
        {
            Assert.Equal("stop", response.FinishReason);
        }
        else
        {
            Assert.Equal("body_too_large", response.UnverifiedReason);
        }
    }

    [Fact]
    public void Append_GzipBomb_InflatesWithinLimits()
    {
        // 512 MB of newlines compress to about 0.5 MB; inflating them must not keep them.
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            block.AsSpan().Fill((byte)' ');
            for (int i = 0; i < 512; i++)
            {
                gzip.Write(block);
            }
        }

        var bomb = compressed.ToArray();
        AccumulatedResponse? response = null;
        using var accumulator = new ResponseAccumulator(200, "application/json", "gzip", requestedStream: false);

        var measured = Measured.Run(() =>
        {
            accumulator.Append(bomb);
            response = accumulator.Complete(StreamEnd.Clean);
        });

        output.WriteLine($"gzip bomb of {bomb.Length} bytes: {measured}, body {response!.BodyLength} bytes, unverified {response.UnverifiedReason ?? "no"}");
        Assert.Equal(512L << 20, response.BodyLength);
        Assert.Equal("body_too_large", response.UnverifiedReason);
        Assert.True(measured.AllocatedBytes < 2L * AccumulatorLimits.Default.MaxBodyBytes + (4 << 20), measured.ToString());
        Assert.True(measured.Elapsed < TimeSpan.FromSeconds(20), measured.ToString());
    }

    [Fact]
    public void Evaluate_DeeplyNestedArguments_IsInvalidNotAStackOverflow()
    {
        var bugCase = BugCase.Get("baseline-stream-arg-deltas");
        var request = VerdictEvaluatorCaseTests.RequestOf(bugCase);
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var name = request.Tools[0].Name;
        var sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"functions." + name + ":0\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\""
            + deep + "\"}}]}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
        using var accumulator = new ResponseAccumulator(200, "text/event-stream", null, requestedStream: true);
        accumulator.Append(Encoding.UTF8.GetBytes(sse));
        ResponseVerdict? verdict = null;

        var measured = Measured.Run(() => verdict = Evaluator.Evaluate(request, accumulator.Complete(StreamEnd.Clean)));

        output.WriteLine($"arguments nested 100,000 deep: {measured}, valid {verdict!.ToolCallsValid}, findings [{string.Join(", ", verdict.Findings)}]");
        Assert.Equal("tool_calls", verdict.K2vvFinishReason);
        Assert.False(verdict.ToolCallsValid);
        Assert.NotEmpty(verdict.Findings);
    }

    private static void AssertHolds(BugCase bugCase, Verification.Requests.ChatRequest request, byte[] body, string label)
    {
        foreach (var (type, stream) in new[] { (bugCase.ContentType, bugCase.RequestedStream), (null, !bugCase.RequestedStream) })
        {
            try
            {
                using var accumulator = new ResponseAccumulator(bugCase.Status, type, null, stream);
                accumulator.Append(body);
                var response = accumulator.Complete(bugCase.End);
                Assert.True(response.UnverifiedReason != "internal_error", $"{label}: the accumulator failed internally");
                var verdict = Evaluator.Evaluate(request, response);
                Assert.NotNull(verdict.Findings);
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{label}, content type {type ?? "none"}: threw {exception}");
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var body = new List<byte>(original);
        for (int edit = random.Next(1, 4); edit > 0; edit--)
        {
            int position = random.Next(0, body.Count + 1);
            switch (random.Next(4))
            {
                case 0 when position < body.Count:
                    body[position] = (byte)random.Next(256);
                    break;
                case 1:
                    body.InsertRange(position, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2 when position < body.Count:
                    body.RemoveRange(position, random.Next(1, Math.Min(16, body.Count - position) + 1));
                    break;
                default:
                    int start = random.Next(0, Math.Max(1, body.Count));
                    body.InsertRange(position, body.GetRange(start, Math.Min(random.Next(1, 300), body.Count - start)));
                    break;
            }
        }

        return [.. body];
    }

    private static byte[] Decompress(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var result = new MemoryStream();
        input.CopyTo(result);
        return result.ToArray();
    }
}
