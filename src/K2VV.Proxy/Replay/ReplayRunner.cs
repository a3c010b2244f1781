using System.Runtime.CompilerServices;
using System.Text;
using K2VV.Verification.Results;
using K2VV.Verification.Schemas;
using K2VV.Verification.Verdicts;

namespace K2VV.Proxy.Replay;

/// <summary>
/// Runs one replay: reads and prepares the input, sends it with bounded concurrency, appends each
/// result as it completes, then compacts the results file and writes the summary.
/// </summary>
internal sealed class ReplayRunner(ReplayOptions options, TextWriter output, TextWriter error, bool interactive, TimeProvider time)
{
    /// <summary>Exit code of a run interrupted by Ctrl-C, as shells report SIGINT.</summary>
    public const int InterruptedExitCode = 130;

    private readonly ReplayCounters counters = new();
    private readonly TextWriter errorOutput = TextWriter.Synchronized(error);

    /// <summary>The counts of the last run, for tests and the final table.</summary>
    public ReplayCounters Counters => counters;

    /// <summary>Runs the replay and returns the process exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(options.InputPath))
        {
            await errorOutput.WriteLineAsync($"Input file not found: {options.InputPath}").ConfigureAwait(false);
            return 2;
        }

        var startedAt = time.GetLocalNow();
        var previousSuccesses = options.Incremental ? LoadSuccessfulHashes() : [];
        counters.Total = CountRequestLines(options.InputPath);

        using var client = ReplayHttpClientFactory.Create(options);
        var sender = new ReplaySender(client, options, new VerdictEvaluator(new ToolSchemaValidator()), time);
        var preparer = new RequestPreparer(options);
        var progress = new ReplayProgress(counters, output, interactive, options.ProgressInterval, time);

        using var progressStop = new CancellationTokenSource();
        var progressTask = progress.RunAsync(progressStop.Token);
        var interrupted = false;
        var writer = new ResultFileWriter(options.OutputPath, truncate: !options.Incremental);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(PrepareAllAsync(preparer, previousSuccesses, cancellationToken), parallel, async (prepared, token) =>
            {
                var started = time.GetTimestamp();
                var outcome = await sender.SendAsync(prepared, token).ConfigureAwait(false);
                writer.Write(ToResult(prepared, outcome, time.GetElapsedTime(started)));
                counters.Record(outcome);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        finally
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            await progressStop.CancelAsync().ConfigureAwait(false);
            await progressTask.ConfigureAwait(false);
        }

        if (interrupted)
        {
            await errorOutput.WriteLineAsync(
                $"Interrupted: {counters.Done} results are saved in {options.OutputPath}. Rerun with --incremental to send only the rest.").ConfigureAwait(false);
            return InterruptedExitCode;
        }

        var results = ResultFile.Compact(options.OutputPath, out var unreadable);
        foreach (var lineNumber in unreadable)
        {
            await errorOutput.WriteLineAsync($"{options.OutputPath} line {lineNumber}: not a results line; dropped.").ConfigureAwait(false);
        }

        var summary = K2vvSummary.Compute(options.Model, results, startedAt, time.GetLocalNow());
        await File.WriteAllTextAsync(options.SummaryPath, summary.ToJsonText(), new UTF8Encoding(false), CancellationToken.None).ConfigureAwait(false);
        progress.WriteFinalTable(options.OutputPath, options.SummaryPath);
        return 0;
    }

    private async IAsyncEnumerable<PreparedRequest> PrepareAllAsync(RequestPreparer preparer, HashSet<string> previousSuccesses, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in InputFileReader.ReadAsync(options.InputPath, cancellationToken).ConfigureAwait(false))
        {
            var prepared = TryPrepare(preparer, line, out var lineError);
            if (prepared is null)
            {
                counters.RecordSkipped();
                await errorOutput.WriteLineAsync($"{options.InputPath} line {line.LineNumber}: {lineError}; skipped.").ConfigureAwait(false);
                continue;
            }

            if (previousSuccesses.Contains(prepared.Hash))
            {
                counters.RecordKept();
                continue;
            }

            yield return prepared;
        }
    }

    private static PreparedRequest? TryPrepare(RequestPreparer preparer, InputLine line, out string? error)
    {
        if (line.Request is null)
        {
            error = line.Error;
            return null;
        }

        try
        {
            return preparer.Prepare(line.LineNumber, line.Request, out error);
        }
        catch (InvalidOperationException exception)
        {
            // A string with a lone surrogate cannot be encoded as UTF-8; the reference stops with
            // UnicodeEncodeError on such a line, this run skips it.
            error = $"the request cannot be encoded: {exception.Message}";
            return null;
        }
    }

    private K2vvResult ToResult(PreparedRequest prepared, LineOutcome outcome, TimeSpan duration) => new()
    {
        DataIndex = prepared.DataIndex,
        Request = prepared.Request,
        Response = outcome.Response,
        Status = outcome.Succeeded ? K2vvResult.Success : K2vvResult.Failed,
        FinishReason = outcome.FinishReason,
        ToolCallsValid = outcome.ToolCallsValid,
        LastRunAt = PythonTime.IsoFormat(time.GetLocalNow()),
        DurationMs = (long)duration.TotalMilliseconds,
        Hash = prepared.Hash,
        ExtraBody = options.ExtraBody,
        Findings = outcome.Findings,
        TtftMs = outcome.TtftMs,
        Usage = outcome.Usage,
    };

    private HashSet<string> LoadSuccessfulHashes()
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in ResultFile.Read(options.OutputPath, out _))
        {
            if (result.Status == K2vvResult.Success && result.Hash is not null)
            {
                hashes.Add(result.Hash);
            }
        }

        return hashes;
    }

    private static int CountRequestLines(string path)
    {
        var count = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                count++;
            }
        }

        return count;
    }
}
