using System.Diagnostics;
using K2VV.Proxy.Streaming;
using K2VV.Verification.Requests;
using K2VV.Verification.Rewriting;

namespace K2VV.Proxy.Recording;

/// <summary>One inspected chat-completion request and what is needed to verify its response.</summary>
/// <param name="Vendor">The <c>vendor</c> label: the YARP cluster id of the route.</param>
/// <param name="Request">The parsed request.</param>
/// <param name="RequestBody">The body as forwarded, kept only when failure capture is on.</param>
/// <param name="Rewrite">What the tool-call id rewrite changed.</param>
/// <param name="StartTimestamp">The <see cref="TimeProvider.GetTimestamp"/> before forwarding.</param>
/// <param name="Activity">The server activity of the request, tagged with the verdict.</param>
/// <param name="Observer">The observer of the response body.</param>
/// <param name="ShadowRequestId">The id the request was queued under for the official API, or null when it was not sampled.</param>
internal sealed record ChatExchange(
    string Vendor,
    ChatRequest Request,
    ReadOnlyMemory<byte>? RequestBody,
    RewriteReport Rewrite,
    long StartTimestamp,
    Activity? Activity,
    ResponseObserver Observer,
    string? ShadowRequestId = null);
