namespace K2VV.Verification.Results;

/// <summary>
/// K2VV's ToolCall-Schema Accuracy: of the responses that finished with <c>tool_calls</c>, the
/// share whose recorded verdict is true. A null verdict counts as a failure; 0 when there are none.
/// </summary>
public readonly record struct SchemaAccuracy(int CountFinishReasonToolCalls, int CountSuccessfulToolCall)
{
    /// <summary>successful / count, or 0 when count is 0.</summary>
    public double Accuracy => CountFinishReasonToolCalls == 0 ? 0 : (double)CountSuccessfulToolCall / CountFinishReasonToolCalls;

    /// <summary>Returns the counts with one more result added.</summary>
    public SchemaAccuracy Add(string? finishReason, bool? toolCallsValid)
    {
        if (finishReason != "tool_calls")
        {
            return this;
        }

        return new SchemaAccuracy(CountFinishReasonToolCalls + 1, CountSuccessfulToolCall + (toolCallsValid == true ? 1 : 0));
    }
}
