namespace K2VV.Verification.Streaming;

/// <summary>
/// Memory bounds of one <see cref="ResponseAccumulator"/>. Text beyond a limit is dropped and the
/// response is marked <see cref="AccumulatedResponse.IsCapped"/>, so a huge stream cannot grow
/// memory without bound.
/// </summary>
public sealed class AccumulatorLimits
{
    /// <summary>The default limits.</summary>
    public static AccumulatorLimits Default { get; } = new();

    /// <summary>Characters kept of <c>content</c> and of <c>reasoning_content</c>, each.</summary>
    public int MaxTextChars { get; init; } = 1 << 20;

    /// <summary>Characters kept of one tool call's <c>arguments</c>.</summary>
    public int MaxArgumentsChars { get; init; } = 1 << 20;

    /// <summary>Tool calls kept per response; later calls are counted but not stored.</summary>
    public int MaxToolCalls { get; init; } = 256;

    /// <summary>Bytes of one SSE line or event; a larger event is dropped.</summary>
    public int MaxEventBytes { get; init; } = 4 << 20;

    /// <summary>Bytes of a non-streaming (JSON) body kept for parsing; a larger body is not verified.</summary>
    public int MaxBodyBytes { get; init; } = 16 << 20;
}
