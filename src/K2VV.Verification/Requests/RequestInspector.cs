using K2VV.Verification.Rewriting;

namespace K2VV.Verification.Requests;

/// <summary>
/// Parses a chat-completion request body once and applies the history id rewrite.
/// Never throws on bad input: an unreadable body gives a null <see cref="RequestInspection.Request"/>.
/// </summary>
public static class RequestInspector
{
    /// <summary>Reads <paramref name="body"/> and rewrites its history ids in <paramref name="mode"/>.</summary>
    public static RequestInspection Inspect(ReadOnlyMemory<byte> body, ToolIdRewriteMode mode)
    {
        _ = body;
        _ = mode;
        throw new NotImplementedException();
    }
}
