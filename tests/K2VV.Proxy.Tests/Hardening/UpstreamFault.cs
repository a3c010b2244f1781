namespace K2VV.Proxy.Tests.Hardening;

/// <summary>How a <see cref="RawVendor"/> answers a request, from a clean response to broken HTTP.</summary>
public enum UpstreamFault
{
    /// <summary>A complete, well-formed SSE stream with a tool call (the control case).</summary>
    None,

    /// <summary>The connection is reset (RST) after the request arrived, before any response byte.</summary>
    ResetBeforeHeaders,

    /// <summary>The connection is closed (FIN) after the request arrived, before any response byte.</summary>
    CloseBeforeHeaders,

    /// <summary>Headers and the first SSE frame are sent, then the connection is reset.</summary>
    ResetMidStream,

    /// <summary>Nothing is sent until the proxy gives up.</summary>
    StallBeforeHeaders,

    /// <summary>Headers and the first SSE frame are sent, then nothing until the proxy gives up.</summary>
    StallMidStream,

    /// <summary>429 with a JSON error body.</summary>
    TooManyRequestsWithBody,

    /// <summary>429 with an empty body.</summary>
    TooManyRequestsEmpty,

    /// <summary>500 with a JSON error body.</summary>
    ServerErrorWithBody,

    /// <summary>503 with an empty body.</summary>
    ServiceUnavailableEmpty,

    /// <summary>An SSE stream whose content-type says <c>application/json</c>.</summary>
    SseLabelledJson,

    /// <summary>A JSON completion whose content-type says <c>text/event-stream</c>.</summary>
    JsonLabelledSse,

    /// <summary>A chunked body whose second chunk size is not hexadecimal.</summary>
    InvalidChunkSize,

    /// <summary>A Content-Length larger than the body, then the connection is closed.</summary>
    BodyShorterThanContentLength,

    /// <summary>A Content-Length smaller than the body that follows it.</summary>
    BodyLongerThanContentLength,
}
