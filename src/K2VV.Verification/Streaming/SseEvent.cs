namespace K2VV.Verification.Streaming;

/// <summary>One dispatched server-sent event; <see cref="Data"/> is valid only during the callback.</summary>
/// <param name="EventType">The <c>event</c> field, or null when absent.</param>
/// <param name="Data">The <c>data</c> lines joined with LF, as UTF-8.</param>
internal readonly record struct SseEvent(string? EventType, ReadOnlyMemory<byte> Data);
