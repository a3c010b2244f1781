namespace K2VV.Verification.Streaming;

/// <summary>How a response body is framed.</summary>
internal enum BodyFormat
{
    /// <summary>Not known yet: decided by the first non-whitespace byte.</summary>
    Unknown,

    /// <summary>One JSON document.</summary>
    Json,

    /// <summary>A <c>text/event-stream</c> of chunks.</summary>
    EventStream,
}
