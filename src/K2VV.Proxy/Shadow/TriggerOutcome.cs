namespace K2VV.Proxy.Shadow;

/// <summary>
/// Cell of the tool-call trigger confusion matrix for one request seen by a vendor and by the
/// official API, with the official API as the reference.
/// </summary>
internal enum TriggerOutcome
{
    /// <summary>Both finished with <c>tool_calls</c>.</summary>
    TruePositive,

    /// <summary>The vendor finished with <c>tool_calls</c>, the official API with anything else, a failure included.</summary>
    FalsePositive,

    /// <summary>The official API finished with <c>tool_calls</c>, the vendor with anything else, a failure included.</summary>
    FalseNegative,

    /// <summary>Neither finished with <c>tool_calls</c>.</summary>
    TrueNegative,
}
