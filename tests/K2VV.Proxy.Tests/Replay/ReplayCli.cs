using System.CommandLine;
using K2VV.Proxy.Commands;
using K2VV.Proxy.Replay;

namespace K2VV.Proxy.Tests.Replay;

/// <summary>Runs the k2vv commands in-process the way a user's command line does, with captured output.</summary>
internal static class ReplayCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Retries without waiting, so tests of 429s and 500s stay fast.</summary>
    public static ReplayOptions FastRetries(ReplayOptions options) => options with
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(10),
    };

    public static Task<CliRun> ReplayAsync(string[] args, CancellationToken cancellationToken = default) =>
        RunAsync(ReplayCommand.Create(FastRetries), args, cancellationToken);

    public static Task<CliRun> ReplayAsync(string[] args, Func<ReplayOptions, ReplayOptions> configure) =>
        RunAsync(ReplayCommand.Create(configure), args, default);

    public static Task<CliRun> CompareAsync(string[] args) => RunAsync(CompareCommand.Create(), args, default);

    private static async Task<CliRun> RunAsync(Command command, string[] args, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test") { command };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var exitCode = await root.Parse([command.Name, .. args]).InvokeAsync(configuration, cancellationToken).WaitAsync(DefaultTimeout, CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliRun(int ExitCode, string Output, string Error);
