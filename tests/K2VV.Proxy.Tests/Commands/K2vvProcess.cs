using System.Diagnostics;

namespace K2VV.Proxy.Tests.Commands;

/// <summary>Runs the built k2vv binary as a child process and collects its output.</summary>
internal static class K2vvProcess
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "k2vv.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"k2vv {string.Join(' ', arguments)} did not exit within {RunTimeout}.");
        }

        return (process.ExitCode, await standardOutput, await standardError);
    }
}
