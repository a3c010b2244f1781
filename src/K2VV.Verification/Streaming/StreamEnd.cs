namespace K2VV.Verification.Streaming;

/// <summary>How the upstream response body ended.</summary>
public enum StreamEnd
{
    /// <summary>The body ended normally (end of content or chunked terminator).</summary>
    Clean,

    /// <summary>The connection was reset or aborted before the body ended.</summary>
    Reset,
}
