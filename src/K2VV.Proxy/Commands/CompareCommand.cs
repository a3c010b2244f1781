using System.CommandLine;
using System.Globalization;
using K2VV.Proxy.Replay;

namespace K2VV.Proxy.Commands;

/// <summary>The `compare` command: K2VV's trigger similarity and schema accuracy of two results files.</summary>
internal static class CompareCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var baseline = new Option<string>("--baseline") { Description = "Results file of the official API (required)." };
        var vendor = new Option<string>("--vendor") { Description = "Results file of the vendor under test (required)." };
        var output = new Option<string>("--output") { Description = "Writes the comparison JSON to this file instead of standard output." };
        var minF1 = new Option<string>("--min-f1") { Description = "Exit with code 1 when tool_call_f1 is below this value (0 to 1)." };
        var minAccuracy = new Option<string>("--min-schema-accuracy") { Description = "Exit with code 1 when the vendor's schema accuracy is below this value (0 to 1)." };

        var command = new Command("compare", "Compare a vendor's results.jsonl with a baseline's, matched by data_index.");
        foreach (var option in new Option[] { baseline, vendor, output, minF1, minAccuracy })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var errors = new List<string>();
            var baselinePath = RequireFile("--baseline", parseResult.GetValue(baseline), errors);
            var vendorPath = RequireFile("--vendor", parseResult.GetValue(vendor), errors);
            var f1 = ParseThreshold("--min-f1", parseResult.GetValue(minF1), errors);
            var accuracy = ParseThreshold("--min-schema-accuracy", parseResult.GetValue(minAccuracy), errors);
            if (errors.Count > 0)
            {
                foreach (var message in errors)
                {
                    await stderr.WriteLineAsync($"k2vv compare: {message}").ConfigureAwait(false);
                }

                return ReplayCommand.UsageExitCode;
            }

            var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            var runner = new CompareRunner(stdout, stderr, interactive);
            return await runner.RunAsync(baselinePath!, vendorPath!, parseResult.GetValue(output), f1, accuracy, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static string? RequireFile(string name, string? path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"Missing {name}: the path of a results.jsonl file.");
            return null;
        }

        if (!File.Exists(path))
        {
            errors.Add($"{name} file not found: {path}");
            return null;
        }

        return path;
    }

    private static double? ParseThreshold(string name, string? text, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
        {
            return value;
        }

        errors.Add($"Invalid {name} '{text}': expected a number from 0 to 1.");
        return null;
    }
}
