using K2VV.Verification.Streaming;
using K2VV.Verification.Verdicts;

namespace K2VV.Proxy.Capture;

/// <summary>One failing response waiting to be written to the capture file.</summary>
/// <param name="Time">When the response ended.</param>
/// <param name="Vendor">The <c>vendor</c> label.</param>
/// <param name="Model">The request's model, unmapped.</param>
/// <param name="RequestBody">The request body as forwarded (headers are never kept).</param>
/// <param name="Response">The accumulated response.</param>
/// <param name="Verdict">The verdict and findings.</param>
internal sealed record CaptureRecord(
    DateTimeOffset Time,
    string Vendor,
    string? Model,
    ReadOnlyMemory<byte>? RequestBody,
    AccumulatedResponse Response,
    ResponseVerdict Verdict);
