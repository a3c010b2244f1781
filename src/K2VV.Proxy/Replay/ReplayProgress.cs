using Spectre.Console;

namespace K2VV.Proxy.Replay;

/// <summary>
/// Shows the running counts: a live Spectre.Console table on a terminal, or a plain line at a
/// fixed interval when the output is redirected.
/// </summary>
internal sealed class ReplayProgress(ReplayCounters counters, TextWriter output, bool interactive, TimeSpan interval, TimeProvider time)
{
    /// <summary>Shows progress until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stop) => interactive ? RunLiveAsync(stop) : RunPlainAsync(stop);

    /// <summary>Writes the final counts as a table.</summary>
    public void WriteFinalTable(string? resultsPath, string? summaryPath)
    {
        var console = CreateConsole(output, interactive);
        var table = new Table().AddColumn("count").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("processed", $"{counters.Done + counters.Kept + counters.Skipped}/{counters.Total}");
        table.AddRow("sent", counters.Done.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("failed", counters.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("tool_calls", counters.ToolCalls.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("valid", counters.Valid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("invalid", counters.Invalid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("kept from previous run", counters.Kept.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("unreadable input lines", counters.Skipped.ToString(System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
        if (resultsPath is not null)
        {
            console.WriteLine($"Results: {resultsPath}");
        }

        if (summaryPath is not null)
        {
            console.WriteLine($"Summary: {summaryPath}");
        }
    }

    /// <summary>Creates a Spectre console over <paramref name="writer"/>, with colour only on a terminal.</summary>
    internal static IAnsiConsole CreateConsole(TextWriter writer, bool interactive) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });

    private async Task RunPlainAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await output.WriteLineAsync(counters.Describe()).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over; the final table follows.
        }
    }

    private async Task RunLiveAsync(CancellationToken stop)
    {
        var console = CreateConsole(output, interactive: true);
        await console.Live(BuildLiveTable()).StartAsync(async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                context.UpdateTarget(BuildLiveTable());
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            // Leave the final counts on screen, not those of the last tick.
            context.UpdateTarget(BuildLiveTable());
        }).ConfigureAwait(false);
    }

    private Table BuildLiveTable()
    {
        var table = new Table().AddColumns("done", "failed", "tool_calls", "valid", "invalid");
        table.AddRow(
            $"{counters.Done + counters.Kept + counters.Skipped}/{counters.Total}",
            counters.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            counters.ToolCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            counters.Valid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            counters.Invalid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return table;
    }
}
