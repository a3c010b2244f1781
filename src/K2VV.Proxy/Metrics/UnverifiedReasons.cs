namespace K2VV.Proxy.Metrics;

/// <summary>
/// The closed set of <c>reason</c> values of <c>k2vv_unverified_responses_total</c>: why a
/// chat-completion exchange produced no tool-call verdict.
/// </summary>
internal static class UnverifiedReasons
{
    /// <summary>The request body is not a JSON object; it was forwarded unchanged.</summary>
    public const string RequestNotJson = "request_not_json";

    /// <summary>The request body is above <c>K2VV:MaxRequestBodyBytes</c>; it was forwarded unchanged.</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>The upstream responded with an HTTP status of 400 or above.</summary>
    public const string UpstreamHttpError = "upstream_http_error";

    /// <summary>
    /// No upstream response reached the client (connect failure, timeout, or a response broken
    /// before its first body byte), so the proxy responded with 502 or 504.
    /// </summary>
    public const string UpstreamUnavailable = "upstream_unavailable";

    /// <summary>The client went away before the response ended; the upstream request was cancelled.</summary>
    public const string ClientDisconnected = "client_disconnected";

    /// <summary>Inspection, accumulation or evaluation failed unexpectedly; the traffic was not affected.</summary>
    public const string VerificationError = "verification_error";

    /// <summary>Every reason, for zero-initialised series.</summary>
    public static IReadOnlyList<string> All { get; } =
        [RequestNotJson, RequestTooLarge, UpstreamHttpError, UpstreamUnavailable, ClientDisconnected, VerificationError];
}
