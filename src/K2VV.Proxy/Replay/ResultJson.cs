using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using K2VV.Verification.Results;

namespace K2VV.Proxy.Replay;

/// <summary>Writes results lines: compact JSON that keeps non-ASCII text, as the reference writes it.</summary>
internal static class ResultJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Appends <paramref name="result"/> and a line feed to <paramref name="stream"/>.</summary>
    public static void WriteLine(Stream stream, K2vvResult result, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            result.WriteTo(writer);
        }

        buffer.Write("\n"u8);
        stream.Write(buffer.WrittenSpan);
    }
}
