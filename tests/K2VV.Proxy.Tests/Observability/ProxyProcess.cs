using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Xunit;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>
/// The built k2vv binary running `serve` as a child process on a free loopback port, started
/// the way the container image starts it (`dotnet k2vv.dll serve --upstream URL` with the
/// listener set by ASPNETCORE_URLS).
/// </summary>
internal sealed class ProxyProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder log;

    private ProxyProcess(Process process, StringBuilder log, Uri address)
    {
        this.process = process;
        this.log = log;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The scrape target as host:port.</summary>
    public string Target => $"{Address.Host}:{Address.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The proxy's console output so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts `k2vv serve` in front of <paramref name="upstream"/> with extra command-line
    /// arguments and environment variables, and waits until /healthz returns 200.
    /// </summary>
    public static async Task<ProxyProcess> StartAsync(
        Uri upstream, IEnumerable<string> extraArguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dotnet = Environment.ProcessPath ?? "dotnet";
        var assembly = Path.Combine(AppContext.BaseDirectory, "k2vv.dll");
        Assert.True(File.Exists(assembly), $"{assembly} not found: the test project must reference src/K2VV.Proxy.");

        var port = LoopbackPort.Next();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var startInfo = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(assembly);
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add("--upstream");
        startInfo.ArgumentList.Add(upstream.ToString());
        foreach (var argument in extraArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        startInfo.Environment["ASPNETCORE_HTTP_PORTS"] = "";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var proxy = new ProxyProcess(process, log, address);
        try
        {
            await proxy.WaitUntilHealthyAsync();
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // The process has already exited.
        }

        process.Dispose();
    }


    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (!timeout.IsCancellationRequested)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"k2vv serve exited with code {process.ExitCode} before /healthz returned 200.\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative), timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"k2vv serve at {Address} did not return 200 on /healthz within {StartTimeout}.\n{Log}");
    }
}
