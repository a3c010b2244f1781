using K2VV.Verification.Rewriting;

namespace K2VV.Verification.Requests;

/// <summary>
/// Result of reading a chat-completion request body once: what verification needs, and the
/// body to forward after the tool-call id rewrite.
/// </summary>
/// <param name="Request">The parsed request, or null when the body is not a JSON object.</param>
/// <param name="RewrittenBody">The re-serialized body, or null when nothing changed and the original bytes must be forwarded.</param>
/// <param name="Rewrite">What the id rewrite changed.</param>
/// <param name="Error">Why the body could not be read, when <paramref name="Request"/> is null.</param>
public sealed record RequestInspection(
    ChatRequest? Request,
    ReadOnlyMemory<byte>? RewrittenBody,
    RewriteReport Rewrite,
    string? Error);
