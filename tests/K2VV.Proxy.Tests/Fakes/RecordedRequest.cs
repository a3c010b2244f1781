namespace K2VV.Proxy.Tests.Fakes;

/// <summary>A request as the <see cref="FakeVendor"/> received it.</summary>
public sealed class RecordedRequest
{
    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The path, without the query.</summary>
    public required string Path { get; init; }

    /// <summary>The query string including its '?', or empty.</summary>
    public required string Query { get; init; }

    /// <summary>Every request header; names are case-insensitive.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The body bytes.</summary>
    public required byte[] Body { get; init; }

    /// <summary>Completes when the request's connection was aborted (the proxy cancelled it).</summary>
    public Task Aborted => AbortedSource.Task;

    /// <summary>Completes when the vendor has finished its response (sent, reset or aborted).</summary>
    public Task Finished => FinishedSource.Task;

    internal TaskCompletionSource AbortedSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal TaskCompletionSource FinishedSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
