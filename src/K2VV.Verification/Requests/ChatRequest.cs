namespace K2VV.Verification.Requests;

/// <summary>
/// The parts of a chat-completion request body that verification needs.
/// </summary>
/// <param name="Model">The <c>model</c> field, or null when absent or not a string.</param>
/// <param name="Stream">True when <c>stream</c> is the JSON literal <c>true</c>.</param>
/// <param name="Tools">The <c>tools</c> entries in request order; empty when absent.</param>
/// <param name="ToolChoice">The <c>tool_choice</c> kind.</param>
/// <param name="ToolChoiceName">The function name when <paramref name="ToolChoice"/> is <see cref="ToolChoiceKind.Named"/>.</param>
/// <param name="HistoryToolCallCount">Tool calls in the assistant messages of the history; the next canonical id index.</param>
public sealed record ChatRequest(
    string? Model,
    bool Stream,
    IReadOnlyList<ToolDefinition> Tools,
    ToolChoiceKind ToolChoice,
    string? ToolChoiceName,
    int HistoryToolCallCount);
