using System.Diagnostics;

namespace K2VV.Proxy.Shadow;

/// <summary>Outcome of one shadow request to the official API.</summary>
/// <param name="K2vvFinishReason">The finish reason as K2VV records it; null when the request failed.</param>
/// <param name="StatusCode">The HTTP status, or null when no response arrived.</param>
/// <param name="Error">Why the request failed, in a few words; null when it did not.</param>
/// <param name="Span">The shadow span, still running; the joiner stops it when it records the comparison or drops the pair.</param>
/// <param name="EndTime">When the official response ended, the end time given to <paramref name="Span"/>.</param>
internal sealed record OfficialResult(
    string? K2vvFinishReason,
    int? StatusCode,
    string? Error,
    Activity? Span,
    DateTimeOffset EndTime)
{
    /// <summary>True when K2VV would record the request as failed: no finish reason.</summary>
    public bool Failed => K2vvFinishReason is null;
}
