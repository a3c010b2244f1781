using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using K2VV.Verification.Requests;

namespace K2VV.Verification.Tests.Hardening;

/// <summary>
/// Checks that a rewritten request body differs from the original only at history id sites: the value of
/// an assistant tool call's <c>id</c> or a tool message's <c>tool_call_id</c> (replaced by a JSON string),
/// or the closing brace of such an object (where the missing key may be added).
/// </summary>
internal static class RewriteInvariant
{
    /// <summary>Returns null when <paramref name="rewritten"/> keeps every non-id byte of <paramref name="original"/>, else what differs.</summary>
    public static string? Check(byte[] original, byte[] rewritten)
    {
        try
        {
            using var check = JsonDocument.Parse(rewritten, new JsonDocumentOptions { MaxDepth = RequestInspector.MaxDepth + 8 });
            if (check.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "the rewritten body is not a JSON object";
            }
        }
        catch (JsonException exception)
        {
            return $"the rewritten body is not JSON: {exception.Message}";
        }

        var (values, inserts) = Sites(original);
        int i = 0;
        int j = 0;
        while (i < original.Length)
        {
            if (values.TryGetValue(i, out var length))
            {
                // A duplicate id key the rewrite did not pick keeps its bytes; any other id becomes a JSON string.
                if (rewritten.AsSpan(j).StartsWith(original.AsSpan(i, length)) && original[i] != (byte)'"')
                {
                    j += length;
                }
                else if (!TrySkipString(rewritten, ref j))
                {
                    return $"the id at byte {i} is not replaced by a JSON string: {Around(original, i)} became {Around(rewritten, j)}";
                }

                i += length;
                continue;
            }

            if (inserts.TryGetValue(i, out var insertedKey) && j < rewritten.Length && rewritten[j] != (byte)'}' && !TrySkipInsertedKey(rewritten, insertedKey, ref j))
            {
                return $"the bytes added before the brace at {i} are not one id key";
            }

            if (j >= rewritten.Length || original[i] != rewritten[j])
            {
                return $"byte {i} of the original differs from byte {j} of the rewritten body";
            }

            i++;
            j++;
        }

        return j == rewritten.Length ? null : $"the rewritten body has {rewritten.Length - j} extra bytes at the end";
    }

    private static string Around(byte[] text, int position) =>
        System.Text.Encoding.UTF8.GetString(text.AsSpan(Math.Max(0, position - 30), Math.Min(text.Length, position + 40) - Math.Max(0, position - 30)));

    private static (Dictionary<int, int> Values, Dictionary<int, byte[]> Inserts) Sites(byte[] body)
    {
        var values = new Dictionary<int, int>();
        var inserts = new Dictionary<int, byte[]>();
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = RequestInspector.MaxDepth + 8 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (values, inserts);
        }

        foreach (var messages in root.EnumerateObject().Where(p => p.NameEquals("messages"u8) && p.Value.ValueKind == JsonValueKind.Array))
        {
            foreach (var message in messages.Value.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object))
            {
                AddSite(body, message, "tool_call_id"u8, values, inserts);
                foreach (var calls in message.EnumerateObject().Where(p => p.NameEquals("tool_calls"u8) && p.Value.ValueKind == JsonValueKind.Array))
                {
                    foreach (var call in calls.Value.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
                    {
                        AddSite(body, call, "id"u8, values, inserts);
                    }
                }
            }
        }

        return (values, inserts);
    }

    private static void AddSite(byte[] body, JsonElement owner, ReadOnlySpan<byte> key, Dictionary<int, int> values, Dictionary<int, byte[]> inserts)
    {
        foreach (var property in owner.EnumerateObject())
        {
            if (property.NameEquals(key))
            {
                var raw = JsonMarshal.GetRawUtf8Value(property.Value);
                values[OffsetOf(body, raw)] = raw.Length;
            }
        }

        var ownerRaw = JsonMarshal.GetRawUtf8Value(owner);
        inserts[OffsetOf(body, ownerRaw) + ownerRaw.Length - 1] = [(byte)'"', .. key, (byte)'"'];
    }

    private static int OffsetOf(byte[] body, ReadOnlySpan<byte> part) =>
        (int)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(body), ref MemoryMarshal.GetReference(part));

    private static bool TrySkipInsertedKey(byte[] text, byte[] expectedKey, ref int j)
    {
        if (text[j] == (byte)',')
        {
            j++;
        }

        int keyStart = j;
        if (!TrySkipString(text, ref j))
        {
            return false;
        }

        var key = text.AsSpan(keyStart, j - keyStart);
        if (!key.SequenceEqual(expectedKey))
        {
            return false;
        }

        if (j >= text.Length || text[j] != (byte)':')
        {
            return false;
        }

        j++;
        return TrySkipString(text, ref j);
    }

    private static bool TrySkipString(byte[] text, ref int j)
    {
        if (j >= text.Length || text[j] != (byte)'"')
        {
            return false;
        }

        for (int k = j + 1; k < text.Length; k++)
        {
            if (text[k] == (byte)'\\')
            {
                k++;
            }
            else if (text[k] == (byte)'"')
            {
                j = k + 1;
                return true;
            }
        }

        return false;
    }
}
