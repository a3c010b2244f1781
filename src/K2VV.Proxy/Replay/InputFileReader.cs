using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Results;

namespace K2VV.Proxy.Replay;

/// <summary>Reads a JSON Lines request file one line at a time, as the reference numbers it.</summary>
internal static class InputFileReader
{
    /// <summary>
    /// Yields every non-blank line with its 1-based number; blank lines are skipped but counted.
    /// A line that is not a JSON object is yielded with an error instead of stopping the run.
    /// </summary>
    public static async IAsyncEnumerable<InputLine> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, new FileStreamOptions { Access = FileAccess.Read, Options = FileOptions.SequentialScan });
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(lineNumber, line);
        }
    }

    private static InputLine Parse(int lineNumber, string line)
    {
        try
        {
            return JsonLineParser.Parse(line) is JsonObject request
                ? new InputLine(lineNumber, request, null)
                : new InputLine(lineNumber, null, "the line is not a JSON object");
        }
        catch (JsonException exception)
        {
            return new InputLine(lineNumber, null, $"invalid JSON: {exception.Message}");
        }
    }
}
