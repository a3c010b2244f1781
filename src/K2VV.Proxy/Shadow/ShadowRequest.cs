using System.Diagnostics;
using K2VV.Verification.Requests;

namespace K2VV.Proxy.Shadow;

/// <summary>
/// Snapshot of a sampled client request, taken on the request path: the forwarded body and
/// the two content-negotiation headers, never the client's credentials.
/// </summary>
/// <param name="RequestId">Id that joins this copy to the vendor's result.</param>
/// <param name="Vendor">The vendor label (the route's cluster id).</param>
/// <param name="Request">The parsed client request, whose tools the official response is checked against.</param>
/// <param name="OfficialModel">The model name to send instead of the client's, or null to send the body unchanged.</param>
/// <param name="Body">A copy of the body forwarded to the vendor (after the tool-call id rewrite).</param>
/// <param name="ContentType">The client's <c>Content-Type</c>, or null.</param>
/// <param name="Accept">The client's <c>Accept</c>, or null.</param>
/// <param name="ClientActivity">The trace context of the client request, linked from the shadow span.</param>
internal sealed record ShadowRequest(
    string RequestId,
    string Vendor,
    ChatRequest Request,
    string? OfficialModel,
    ReadOnlyMemory<byte> Body,
    string? ContentType,
    string? Accept,
    ActivityContext ClientActivity);
