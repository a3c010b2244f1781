using System.Diagnostics;
using System.Text;
using Xunit;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>Finds and runs the Prometheus command-line tools that CI installs.</summary>
internal static class ExternalTool
{
    /// <summary>Returns the full path of <paramref name="name"/> on PATH, or fails the test with the install command.</summary>
    public static string Require(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"{name} not found on PATH. Install Debian's prometheus package (apt-get install -y prometheus), as .ci/run does.");
        return name;
    }

    /// <summary>Runs a tool to completion and returns its exit code with stdout and stderr combined.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} timed out after {timeout}.");
        }

        output.Append(await stdout.WaitAsync(timeout)).Append(await stderr.WaitAsync(timeout));
        return (process.ExitCode, output.ToString());
    }
}
