using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Logging;

/// <summary>Every log message of the proxy, with its event id. Messages never carry a secret or a message body.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "K2VV proxy listening on {Addresses}; upstreams {Upstreams}; verification {Verification}; tool-call id rewrite {RewriteMode}")]
    public static partial void ProxyStarted(ILogger logger, string addresses, string upstreams, string verification, string rewriteMode);

    [LoggerMessage(2, LogLevel.Information, "Metrics served at {MetricsAddress}")]
    public static partial void MetricsListener(ILogger logger, string metricsAddress);

    [LoggerMessage(10, LogLevel.Information, "Unverified chat completion from vendor {Vendor}: {Reason} (further ones with this reason are logged at Debug for a minute)")]
    public static partial void UnverifiedResponse(ILogger logger, string vendor, string reason);

    [LoggerMessage(11, LogLevel.Debug, "Unverified chat completion from vendor {Vendor}: {Reason}")]
    public static partial void UnverifiedResponseRepeated(ILogger logger, string vendor, string reason);

    [LoggerMessage(12, LogLevel.Debug, "Client disconnected from a chat completion of vendor {Vendor} ({Error}); the upstream request was cancelled")]
    public static partial void ClientDisconnected(ILogger logger, string vendor, string error);

    [LoggerMessage(13, LogLevel.Warning, "Upstream {Vendor} reset the connection or stopped sending in the middle of a response; the client connection was aborted (repeats within a minute are logged at Debug)")]
    public static partial void UpstreamReset(ILogger logger, string vendor);

    [LoggerMessage(15, LogLevel.Debug, "Upstream {Vendor} reset the connection or stopped sending in the middle of a response; the client connection was aborted")]
    public static partial void UpstreamResetRepeated(ILogger logger, string vendor);

    [LoggerMessage(14, LogLevel.Warning, "Verification of a {Vendor} chat completion failed; the traffic was forwarded unchanged (repeats within a minute are not logged)")]
    public static partial void VerificationFailed(ILogger logger, string vendor, Exception exception);

    [LoggerMessage(20, LogLevel.Warning, "Failure capture queue is full; {Dropped} records dropped so far")]
    public static partial void CaptureDropped(ILogger logger, long dropped);

    [LoggerMessage(21, LogLevel.Error, "Writing the failure capture file {Path} failed")]
    public static partial void CaptureWriteFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(22, LogLevel.Information, "Failure capture file {Path} rotated at {Bytes} bytes")]
    public static partial void CaptureRotated(ILogger logger, string path, long bytes);

    [LoggerMessage(23, LogLevel.Information, "Failure capture writes to {Path} (max {MaxBytes} bytes, {MaxFiles} rotated files kept, redact {Redact})")]
    public static partial void CaptureStarted(ILogger logger, string path, long maxBytes, int maxFiles, bool redact);
}
