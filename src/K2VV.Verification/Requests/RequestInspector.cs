using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using K2VV.Verification.Rewriting;

namespace K2VV.Verification.Requests;

/// <summary>
/// Parses a chat-completion request body once and applies the history id rewrite.
/// Never throws on bad input: an unreadable body gives a null <see cref="RequestInspection.Request"/>.
/// </summary>
/// <remarks>
/// The body is parsed in place, without copying. A rewritten body is the original with only the changed
/// ids spliced in, so every other byte (key order, number text, escapes, whitespace) is forwarded as it came.
/// </remarks>
public static class RequestInspector
{
    /// <summary>The maximum nesting depth of a body that is inspected; a deeper body is forwarded unverified.</summary>
    public const int MaxDepth = 128;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = MaxDepth };

    /// <summary>Reads <paramref name="body"/> and rewrites its history ids in <paramref name="mode"/>.</summary>
    public static RequestInspection Inspect(ReadOnlyMemory<byte> body, ToolIdRewriteMode mode) => Inspect(body, mode, null);

    /// <summary>
    /// Reads <paramref name="body"/> and rewrites its history ids in <paramref name="mode"/>, renting the array of a
    /// rewritten body from <paramref name="rewritePool"/>. The caller owns that array and returns it to the pool
    /// once the body has been sent; <see cref="RequestInspection.RewrittenBody"/> starts at its first byte.
    /// </summary>
    public static RequestInspection Inspect(ReadOnlyMemory<byte> body, ToolIdRewriteMode mode, ArrayPool<byte>? rewritePool)
    {
        if (body.IsEmpty)
        {
            return Unreadable("The request body is empty.");
        }

        // JsonDocument does not validate the UTF-8 inside string values, and GetString would throw on it later.
        if (!Utf8.IsValid(body.Span))
        {
            return Unreadable("The request body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException exception)
        {
            return Unreadable($"The request body is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            try
            {
                return Read(body, document.RootElement, mode, rewritePool);
            }
            catch (InvalidOperationException exception)
            {
                // JsonDocument accepts an escaped lone surrogate such as "\ud800", then throws when a key or
                // value holding one is compared or read; Python accepts such text, so only this proxy cannot read it.
                return Unreadable($"The request body cannot be read: {exception.Message}");
            }
        }
    }

    private static RequestInspection Read(ReadOnlyMemory<byte> body, JsonElement root, ToolIdRewriteMode mode, ArrayPool<byte>? rewritePool)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Unreadable($"The request body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object.");
        }

        var rewrite = HistoryIdRewriter.Rewrite(body, root, mode, rewritePool);
        var (toolChoice, toolChoiceName) = RequestFields.ReadToolChoice(root);
        var request = new ChatRequest(
            RequestFields.ReadModel(root),
            RequestFields.ReadStream(root),
            RequestFields.ReadTools(root),
            toolChoice,
            toolChoiceName,
            rewrite.HistoryToolCallCount);

        return new RequestInspection(request, rewrite.Body, rewrite.Report, null);
    }

    private static RequestInspection Unreadable(string error) => new(null, null, RewriteReport.None, error);
}
