namespace K2VV.Verification.Streaming;

/// <summary>Token counts from a response's <c>usage</c> object.</summary>
public sealed record TokenUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
