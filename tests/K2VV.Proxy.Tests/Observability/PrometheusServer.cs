using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>
/// A real Prometheus process on a free loopback port that scrapes one target every second and
/// evaluates the given rule files every second. Its storage lives in a temporary folder that
/// disposal deletes.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder log;

    private PrometheusServer(Process process, string directory, StringBuilder log, Uri baseAddress)
    {
        this.process = process;
        this.directory = directory;
        this.log = log;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>The Prometheus log so far, for failure messages.</summary>
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

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, IReadOnlyList<string> ruleFiles)
    {
        var executable = ExternalTool.Require("prometheus");

        // The port is taken from a listener that is closed again, so another process can grab it
        // before Prometheus binds. A start that fails is retried on a new port.
        Exception? lastError = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var server = Launch(executable, target, ruleFiles, LoopbackPort.Next());
            try
            {
                await server.WaitUntilReadyAsync();
                return server;
            }
            catch (Exception error) when (error is TimeoutException or InvalidOperationException)
            {
                lastError = new InvalidOperationException($"{error.Message}\nPrometheus log:\n{server.Log}", error);
                await server.DisposeAsync();
            }
        }

        throw lastError!;
    }

    /// <summary>Runs an instant query and returns the parsed response body.</summary>
    public async Task<JsonElement> QueryAsync(string expression, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("query", expression)]);
        using var response = await Client.PostAsync(new Uri("api/v1/query", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Returns the rule groups that Prometheus loaded, as /api/v1/rules reports them.</summary>
    public async Task<JsonElement> GetRuleGroupsAsync(CancellationToken cancellationToken)
    {
        var body = await Client.GetStringAsync(new Uri("api/v1/rules", UriKind.Relative), cancellationToken);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("data").GetProperty("groups").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
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
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open leaves the temporary folder behind; that is harmless.
        }
    }

    private static PrometheusServer Launch(string executable, string target, IReadOnlyList<string> ruleFiles, int port)
    {
        var directory = Directory.CreateTempSubdirectory("k2vv-prometheus-").FullName;
        var configPath = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(configPath, BuildConfig(target, ruleFiles));

        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add($"--config.file={configPath}");
        startInfo.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(directory, "data")}");
        startInfo.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        var log = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        return new PrometheusServer(process, directory, log, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
    }

    private static string BuildConfig(string target, IReadOnlyList<string> ruleFiles)
    {
        var config = new StringBuilder();
        config.AppendLine("global:");
        config.AppendLine("  scrape_interval: 1s");
        config.AppendLine("  scrape_timeout: 1s");
        config.AppendLine("  evaluation_interval: 1s");
        config.AppendLine("rule_files:");
        foreach (var file in ruleFiles)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  - {JsonSerializer.Serialize(file)}");
        }

        config.AppendLine("scrape_configs:");
        config.AppendLine("  - job_name: k2vv");
        config.AppendLine("    static_configs:");
        config.AppendLine(CultureInfo.InvariantCulture, $"      - targets: [{JsonSerializer.Serialize(target)}]");
        return config.ToString();
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

    private async Task WaitUntilReadyAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with code {process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("-/ready", UriKind.Relative), timeout.Token);
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
                throw new TimeoutException($"Prometheus at {BaseAddress} was not ready within {StartTimeout}.");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Prometheus at {BaseAddress} was not ready within {StartTimeout}.");
            }
        }
    }
}
