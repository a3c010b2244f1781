namespace K2VV.Proxy.Replay;

/// <summary>Running counts of a replay, updated from many workers.</summary>
internal sealed class ReplayCounters
{
    private int done;
    private int failed;
    private int toolCalls;
    private int valid;
    private int invalid;
    private int kept;
    private int skipped;

    /// <summary>Non-blank input lines; set once the input has been counted.</summary>
    public int Total { get; set; }

    /// <summary>Lines finished in this run.</summary>
    public int Done => Volatile.Read(ref done);

    /// <summary>Lines that failed after their retries.</summary>
    public int Failed => Volatile.Read(ref failed);

    /// <summary>Lines that finished with <c>tool_calls</c>.</summary>
    public int ToolCalls => Volatile.Read(ref toolCalls);

    /// <summary><c>tool_calls</c> lines whose verdict is true.</summary>
    public int Valid => Volatile.Read(ref valid);

    /// <summary><c>tool_calls</c> lines whose verdict is false or null.</summary>
    public int Invalid => Volatile.Read(ref invalid);

    /// <summary>Lines kept from a previous run by <c>--incremental</c>.</summary>
    public int Kept => Volatile.Read(ref kept);

    /// <summary>Input lines skipped because they could not be read.</summary>
    public int Skipped => Volatile.Read(ref skipped);

    /// <summary>Counts one finished line.</summary>
    public void Record(LineOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            Interlocked.Increment(ref failed);
        }
        else if (outcome.FinishReason == "tool_calls")
        {
            Interlocked.Increment(ref toolCalls);
            Interlocked.Increment(ref outcome.ToolCallsValid == true ? ref valid : ref invalid);
        }

        Interlocked.Increment(ref done);
    }

    /// <summary>Counts one line kept from the previous results.</summary>
    public void RecordKept() => Interlocked.Increment(ref kept);

    /// <summary>Counts one unreadable input line.</summary>
    public void RecordSkipped() => Interlocked.Increment(ref skipped);

    /// <summary>Returns the counts as one plain line.</summary>
    public string Describe() =>
        $"done {Done + Kept + Skipped}/{Total}, failed {Failed}, tool_calls {ToolCalls}, valid {Valid}, invalid {Invalid}";
}
