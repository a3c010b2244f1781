using System.Text.Json;
using Xunit;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>
/// Proves the dashboard and rule expressions against a real Prometheus that scrapes a static
/// exposition of every K2VV metric, so the queries are checked without the proxy.
/// </summary>
public sealed class StaticExpositionTests
{
    private static readonly TimeSpan DataDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Expressions_StaticExposition_EveryExpressionReturnsData()
    {
        await using var exposition = await StaticExpositionServer.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(exposition.Target, ObservabilityFiles.RuleFiles);

        var rules = await RuleExpressions.LoadRulesAsync(prometheus, RequestTimeout);
        Assert.Equal(RuleExpressions.CountInFiles(), rules.Count);

        // The exposition makes every alert condition true, so the alert expressions return data too.
        var expressions = DashboardExpressions.LoadPanelQueries(".*", ".*")
            .Concat(DashboardExpressions.LoadPanelQueries(StaticExposition.Vendor, ".*"))
            .Concat(DashboardExpressions.LoadVariableQueries(".*", ".*"))
            .Concat(RuleExpressions.ToExpressions(rules))
            .ToArray();
        var failures = await ExpressionProbe.FindExpressionsWithoutDataAsync(prometheus, expressions, DataDeadline);

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {expressions.Length} expressions returned no data:\n{string.Join('\n', failures)}\nPrometheus log:\n{prometheus.Log}");
    }

    [Fact]
    public async Task Rules_StaticExposition_EvaluateWithoutErrors()
    {
        await using var exposition = await StaticExpositionServer.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(exposition.Target, ObservabilityFiles.RuleFiles);

        // Rule health is "unknown" until the first evaluation, which runs every second.
        IReadOnlyList<JsonElement> rules = [];
        using var deadline = new CancellationTokenSource(DataDeadline);
        while (!deadline.IsCancellationRequested)
        {
            rules = await RuleExpressions.LoadRulesAsync(prometheus, RequestTimeout);
            if (rules.All(rule => rule.GetProperty("health").GetString() != "unknown"))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }

        Assert.NotEmpty(rules);
        Assert.All(rules, rule => Assert.True(
            rule.GetProperty("health").GetString() == "ok",
            $"Rule {rule.GetProperty("name").GetString()} has health {rule.GetProperty("health").GetString()}: {LastError(rule)}"));
    }

    [Fact]
    public async Task AlertRules_LoadedByPrometheus_HaveForSeverityAndAnnotations()
    {
        await using var exposition = await StaticExpositionServer.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(exposition.Target, ObservabilityFiles.RuleFiles);

        var alerts = (await RuleExpressions.LoadRulesAsync(prometheus, RequestTimeout))
            .Where(rule => rule.GetProperty("type").GetString() == "alerting")
            .ToArray();

        Assert.NotEmpty(alerts);
        foreach (var alert in alerts)
        {
            var name = alert.GetProperty("name").GetString();
            Assert.True(alert.GetProperty("duration").GetDouble() > 0, $"Alert {name} has no 'for' duration.");
            Assert.True(
                alert.GetProperty("labels").TryGetProperty("severity", out var severity) && severity.GetString() is "warning" or "critical",
                $"Alert {name} needs a severity label of warning or critical.");
            var annotations = alert.GetProperty("annotations");
            Assert.True(annotations.TryGetProperty("summary", out var summary), $"Alert {name} has no summary.");
            Assert.False(string.IsNullOrWhiteSpace(summary.GetString()), $"Alert {name} has an empty summary.");
            Assert.True(annotations.TryGetProperty("description", out var description), $"Alert {name} has no description.");
            Assert.False(string.IsNullOrWhiteSpace(description.GetString()), $"Alert {name} has an empty description.");
        }
    }

    [Fact]
    public async Task SchemaAccuracy_StaticExposition_MatchesCounterRates()
    {
        await using var exposition = await StaticExpositionServer.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(exposition.Target, ObservabilityFiles.RuleFiles);

        // Valid and invalid tool-call responses grow at 10 per second each: accuracy 0.5.
        var failures = await ExpressionProbe.FindExpressionsWithoutDataAsync(
            prometheus, [new MonitoringExpression("schema accuracy", "k2vv:schema_accuracy:ratio_rate5m")], DataDeadline);
        Assert.Empty(failures);
        var result = await ExpressionProbe.QueryResultAsync(prometheus, "k2vv:schema_accuracy:ratio_rate5m", RequestTimeout);

        Assert.Equal(2, result.GetArrayLength());
        Assert.All(result.EnumerateArray(), sample => Assert.InRange(double.Parse(sample.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture), 0.45, 0.55));
    }

    private static string LastError(JsonElement rule) =>
        rule.TryGetProperty("lastError", out var error) ? error.GetString() ?? "" : "";
}
