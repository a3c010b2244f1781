namespace K2VV.Proxy.Tests.Observability;

/// <summary>Paths of the dashboard and Prometheus files in the repository checkout.</summary>
internal static class ObservabilityFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string PrometheusDirectory => Path.Combine(RepositoryRoot, "grafana", "prometheus");

    public static string RecordingRules => Path.Combine(PrometheusDirectory, "recording-rules.yaml");

    public static string AlertRules => Path.Combine(PrometheusDirectory, "alert-rules.yaml");

    public static string[] RuleFiles => [RecordingRules, AlertRules];

    public static string RuleTestsDirectory => Path.Combine(PrometheusDirectory, "tests");

    public static string Dashboard => Path.Combine(RepositoryRoot, "grafana", "dashboards", "k2vv-proxy.json");

    private static string FindRepositoryRoot()
    {
        // The tests run from tests/K2VV.Proxy.Tests/bin/<configuration>/net10.0, so walk up to
        // the folder that contains the solution file.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "K2VV.Proxy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"K2VV.Proxy.sln not found in any parent folder of {AppContext.BaseDirectory}.");
    }
}
