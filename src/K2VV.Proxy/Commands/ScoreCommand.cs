using System.CommandLine;
using K2VV.Proxy.Scoring;
using K2VV.Verification.Schemas;
using K2VV.Verification.Verdicts;

namespace K2VV.Proxy.Commands;

/// <summary>The `score` command: recomputes the verdicts of a K2VV results file offline.</summary>
internal static class ScoreCommand
{
    /// <summary>Exit code when every line was scored (and agreed, with --fail-on-disagreement).</summary>
    public const int Success = 0;

    /// <summary>Exit code when --fail-on-disagreement is set and a verdict differs.</summary>
    public const int Disagreement = 1;

    /// <summary>Exit code for a usage error, such as a missing results file.</summary>
    public const int UsageError = 2;

    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var results = new Argument<FileInfo?>("RESULTS")
        {
            Description = "The K2VV results.jsonl to score (lines with data_index, request, response, tool_calls_valid).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var summary = new Option<FileInfo?>("--summary") { Description = "Write the agreement summary as JSON to this file." };
        var output = new Option<FileInfo?>("--output") { Description = "Write every line with the recomputed tool_calls_valid and its findings to this JSON Lines file." };
        var failOnDisagreement = new Option<bool>("--fail-on-disagreement") { Description = "Exit with code 1 when any recomputed verdict differs from the recorded one." };

        var command = new Command("score", "Recompute the K2VV verdict of every line of a results file offline and report agreement with the recorded tool_calls_valid.");
        command.Arguments.Add(results);
        command.Options.Add(summary);
        command.Options.Add(output);
        command.Options.Add(failOnDisagreement);
        command.SetAction(parseResult => Run(
            new ScoreOptions(
                parseResult.GetValue(results),
                parseResult.GetValue(summary),
                parseResult.GetValue(output),
                parseResult.GetValue(failOnDisagreement)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Scores the file named in <paramref name="options"/>, writing the table to <paramref name="stdout"/>.</summary>
    public static int Run(ScoreOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (options.Results is null)
        {
            stderr.WriteLine("k2vv score: missing RESULTS argument. Usage: k2vv score RESULTS [--summary FILE] [--output FILE] [--fail-on-disagreement]");
            return UsageError;
        }

        if (!options.Results.Exists)
        {
            stderr.WriteLine($"k2vv score: results file not found: {options.Results.FullName}");
            return UsageError;
        }

        var scorer = new ResultsScorer(new VerdictEvaluator(new ToolSchemaValidator()));
        ScoreReport report;
        try
        {
            using (var reader = options.Results.OpenText())
            using (var writer = options.Output is null ? null : new StreamWriter(options.Output.FullName, append: false))
            {
                report = scorer.Score(reader, writer, (line, reason) =>
                    stderr.WriteLine($"k2vv score: line {line} of {options.Results.Name} skipped: {reason}"));
            }

            if (options.Summary is not null)
            {
                File.WriteAllText(options.Summary.FullName, report.ToSummaryJson());
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"k2vv score: failed to read or write a file: {exception.Message} Check the paths and permissions.");
            return UsageError;
        }

        ScoreTable.Write(report, stdout);
        return options.FailOnDisagreement && report.Disagreements.Count > 0 ? Disagreement : Success;
    }
}
