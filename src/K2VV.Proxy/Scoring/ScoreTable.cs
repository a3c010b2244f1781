using System.Globalization;
using Spectre.Console;

namespace K2VV.Proxy.Scoring;

/// <summary>Renders a <see cref="ScoreReport"/> as console tables.</summary>
internal static class ScoreTable
{
    /// <summary>Disagreements listed in the table; the summary file carries all of them.</summary>
    private const int MaxListed = 20;

    public static void Write(ScoreReport report, TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });

        var agreement = report.Compared == 0 ? 0 : 100.0 * report.Agreed / report.Compared;
        var totals = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        totals.AddRow("compared", report.Compared.ToString(CultureInfo.InvariantCulture));
        totals.AddRow("agreed", report.Agreed.ToString(CultureInfo.InvariantCulture));
        totals.AddRow("disagreements", report.Disagreements.Count.ToString(CultureInfo.InvariantCulture));
        totals.AddRow("agreement", agreement.ToString("0.00", CultureInfo.InvariantCulture) + " %");
        totals.AddRow("invalid lines", report.InvalidLines.Count.ToString(CultureInfo.InvariantCulture));
        console.Write(totals);

        if (report.Disagreements.Count == 0)
        {
            return;
        }

        var rows = new Table().AddColumn("data_index").AddColumn("recorded").AddColumn("recomputed").AddColumn("findings");
        foreach (var line in report.Disagreements.Take(MaxListed))
        {
            rows.AddRow(
                line.DataIndex.ToString(CultureInfo.InvariantCulture),
                Format(line.Recorded),
                Format(line.Recomputed),
                Markup.Escape(string.Join(", ", line.Findings)));
        }

        console.Write(rows);
        if (report.Disagreements.Count > MaxListed)
        {
            console.WriteLine($"… and {report.Disagreements.Count - MaxListed} more; see the summary file.");
        }
    }

    private static string Format(bool? verdict) => verdict switch
    {
        true => "true",
        false => "false",
        null => "null",
    };
}
