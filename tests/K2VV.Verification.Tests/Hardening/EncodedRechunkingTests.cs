using System.IO.Compression;
using K2VV.Verification.Schemas;
using K2VV.Verification.Streaming;
using K2VV.Verification.Tests.Streaming;
using K2VV.Verification.Tests.Verdicts;
using K2VV.Verification.Verdicts;
using Xunit;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>
/// Every shared bug case, streamed or not, re-encoded as identity, gzip, deflate and br and split into odd
/// chunks, gives the verdict and findings of the case as recorded. The existing rechunking tests cover
/// streamed cases in their recorded encoding only.
/// </summary>
public sealed class EncodedRechunkingTests
{
    /// <summary>Seed of the random splits.</summary>
    internal const int Seed = 4242;

    private static readonly VerdictEvaluator Evaluator = new(new ToolSchemaValidator());

    public static TheoryData<string, string> CasesAndEncodings
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var id in BugCase.Ids)
            {
                foreach (var encoding in new[] { "identity", "gzip", "deflate", "br" })
                {
                    data.Add(id, encoding);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CasesAndEncodings))]
    public void Evaluate_EncodedOddSplits_GiveRecordedVerdict(string id, string encoding)
    {
        var bugCase = BugCase.Get(id);
        var request = VerdictEvaluatorCaseTests.RequestOf(bugCase);
        var expected = Evaluator.Evaluate(request, bugCase.Accumulate());
        var encoded = Encode(Decode(bugCase.Body, bugCase.ContentEncoding), encoding);
        var random = new Random(RequestInspectorMutationTests.HashOf(id + encoding) ^ Seed);

        foreach (var (label, chunks) in Splits(encoded, random))
        {
            using var accumulator = new ResponseAccumulator(bugCase.Status, bugCase.ContentType, encoding, bugCase.RequestedStream);
            foreach (var chunk in chunks)
            {
                accumulator.Append(chunk);
            }

            var verdict = Evaluator.Evaluate(request, accumulator.Complete(bugCase.End));

            var where = $"{id} as {encoding}, {label} (seed {Seed})";
            Assert.True(expected.FinishReason == verdict.FinishReason, where);
            Assert.True(expected.K2vvFinishReason == verdict.K2vvFinishReason, where);
            Assert.True(expected.ToolCallCount == verdict.ToolCallCount, where);
            Assert.True(expected.ToolCallsValid == verdict.ToolCallsValid, where);
            Assert.True(expected.Findings.SequenceEqual(verdict.Findings), $"{where}: [{string.Join(", ", verdict.Findings)}]");
            Assert.True(expected.Usage == verdict.Usage, where);
        }
    }

    private static IEnumerable<(string Label, IEnumerable<byte[]> Chunks)> Splits(byte[] body, Random random)
    {
        yield return ("one chunk", [body]);
        yield return ("empty chunks between bytes", body.SelectMany(b => new[] { Array.Empty<byte>(), new[] { b } }));
        for (int round = 0; round < 6; round++)
        {
            int max = random.Next(1, 64);
            yield return ($"random chunks of 1..{max}, round {round}", RandomChunks(body, random, max));
        }

        // Two chunks cut inside a multi-byte character, between CR and LF, and around "data:" and [DONE].
        foreach (var cut in InterestingCuts(body, random))
        {
            yield return ($"two chunks cut at {cut}", [body[..cut], body[cut..]]);
        }
    }

    private static List<byte[]> RandomChunks(byte[] body, Random random, int max)
    {
        var chunks = new List<byte[]>();
        for (int offset = 0; offset < body.Length;)
        {
            int size = Math.Min(random.Next(1, max + 1), body.Length - offset);
            chunks.Add(body[offset..(offset + size)]);
            offset += size;
        }

        return chunks;
    }

    private static IEnumerable<int> InterestingCuts(byte[] body, Random random)
    {
        var cuts = new SortedSet<int>();
        for (int i = 1; i < body.Length; i++)
        {
            bool insideCharacter = (body[i] & 0xC0) == 0x80;
            bool insideCrLf = body[i - 1] == (byte)'\r' && body[i] == (byte)'\n';
            bool beforeBlankLine = body[i] == (byte)'\n' && body[i - 1] == (byte)'\n';
            if (insideCharacter || insideCrLf || beforeBlankLine || body[i] == (byte)'[' || body[i] == (byte)':')
            {
                cuts.Add(i);
            }
        }

        for (int i = 0; i < 8 && body.Length > 1; i++)
        {
            cuts.Add(random.Next(1, body.Length));
        }

        // Keep the run short: every cut of a small set, a seeded sample of a large one.
        return cuts.Count <= 40 ? cuts : cuts.OrderBy(_ => random.Next()).Take(40).Order();
    }

    private static byte[] Decode(byte[] body, string? encoding)
    {
        if (encoding is null or "identity")
        {
            return body;
        }

        using var input = new MemoryStream(body);
        using Stream decoder = encoding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => new ZLibStream(input, CompressionMode.Decompress),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Encode(byte[] plain, string encoding)
    {
        if (encoding == "identity")
        {
            return plain;
        }

        using var output = new MemoryStream();
        using (Stream encoder = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
        })
        {
            encoder.Write(plain);
        }

        return output.ToArray();
    }
}
