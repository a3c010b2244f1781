using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Shadow;

/// <summary>Log messages of shadow traffic; event ids 3000-3099. Never log the API key or a request body.</summary>
internal static partial class ShadowLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Shadow traffic started: sample rate {SampleRate}, official API {Upstream}, {MaxConcurrency} concurrent requests, queue capacity {QueueCapacity}")]
    public static partial void Started(ILogger logger, double sampleRate, Uri upstream, int maxConcurrency, int queueCapacity);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Shadow traffic is off because the sample rate is 0")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Shadow traffic stopped; {Abandoned} queued or in-flight shadow requests were dropped")]
    public static partial void Stopped(ILogger logger, int abandoned);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Shadow queue is full (capacity {QueueCapacity}); dropped a shadow request for vendor {Vendor}, and {Suppressed} more drops since the last message")]
    public static partial void QueueFull(ILogger logger, string vendor, int queueCapacity, long suppressed);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "Shadow budget of {MaxRequestsPerMinute} requests per minute is spent; dropped a shadow request for vendor {Vendor}, and {Suppressed} more since the last message")]
    public static partial void BudgetSpent(ILogger logger, string vendor, int maxRequestsPerMinute, long suppressed);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information,
        Message = "Model '{Model}' of vendor {Vendor} is not in the shadow model map, so its requests are not shadowed; add --shadow-model {Model}=official-name to shadow them ({Suppressed} more since the last message)")]
    public static partial void ModelNotMapped(ILogger logger, string? model, string vendor, long suppressed);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "Shadow request {RequestId} for vendor {Vendor} failed: {Error} (HTTP status {StatusCode}); {Suppressed} more failures since the last message")]
    public static partial void RequestFailed(ILogger logger, string requestId, string vendor, string error, int? statusCode, long suppressed);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information,
        Message = "Dropped unpaired shadow result {RequestId} for vendor {Vendor}: the {MissingHalf} result did not arrive within {PairingTimeout}; {Suppressed} more since the last message")]
    public static partial void PairTimedOut(ILogger logger, string requestId, string vendor, string missingHalf, TimeSpan pairingTimeout, long suppressed);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug,
        Message = "Shadow comparison {RequestId} for vendor {Vendor}, model {Model}: vendor finish reason {VendorFinishReason}, official {OfficialFinishReason}, outcome {Outcome}")]
    public static partial void Compared(ILogger logger, string requestId, string vendor, string? model, string? vendorFinishReason, string? officialFinishReason, TriggerOutcome outcome);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug,
        Message = "Request id {RequestId} is already waiting for its shadow result; the request is not shadowed again")]
    public static partial void DuplicateRequestId(ILogger logger, string requestId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error,
        Message = "Shadow handling of request {RequestId} for vendor {Vendor} raised an unexpected error; the client request is not affected")]
    public static partial void UnexpectedError(ILogger logger, string requestId, string vendor, Exception exception);
}
