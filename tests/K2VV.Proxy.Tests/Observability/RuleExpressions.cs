using System.Text.Json;
using System.Text.RegularExpressions;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>Reads the recording and alerting rules back from a running Prometheus.</summary>
internal static partial class RuleExpressions
{
    /// <summary>Number of rules in the shipped rule files, counted from their text.</summary>
    public static int CountInFiles() =>
        ObservabilityFiles.RuleFiles.Sum(file => RulePattern().Count(File.ReadAllText(file)));

    /// <summary>Returns every loaded rule as parsed by Prometheus, across all groups.</summary>
    public static async Task<IReadOnlyList<JsonElement>> LoadRulesAsync(PrometheusServer prometheus, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var groups = await prometheus.GetRuleGroupsAsync(cancellation.Token);
        return groups.EnumerateArray().SelectMany(group => group.GetProperty("rules").EnumerateArray()).ToArray();
    }

    /// <summary>Returns each rule's expression, as Prometheus parsed it.</summary>
    public static IReadOnlyList<MonitoringExpression> ToExpressions(IEnumerable<JsonElement> rules) =>
        rules.Select(rule => new MonitoringExpression(
                $"{rule.GetProperty("type").GetString()} rule {rule.GetProperty("name").GetString()}",
                rule.GetProperty("query").GetString() ?? ""))
            .ToArray();

    [GeneratedRegex(@"^\s*-\s*(record|alert):", RegexOptions.Multiline)]
    private static partial Regex RulePattern();
}
