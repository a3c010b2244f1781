using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>Reads the PromQL of the dashboard JSON the way Grafana would send it to Prometheus.</summary>
internal static partial class DashboardExpressions
{
    /// <summary>
    /// The range that replaces $__rate_interval and $__range in tests. It is longer than a test
    /// runs, so rates stay non-zero while a failing probe waits for its deadline.
    /// </summary>
    public const string TestRange = "5m";

    /// <summary>Returns every panel target's expression, with the variables substituted.</summary>
    public static IReadOnlyList<MonitoringExpression> LoadPanelQueries(string vendor, string model)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ObservabilityFiles.Dashboard));
        var expressions = new List<MonitoringExpression>();
        foreach (var panel in Panels(document.RootElement))
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            var title = panel.GetProperty("title").GetString();
            foreach (var target in targets.EnumerateArray())
            {
                var expression = target.GetProperty("expr").GetString() ?? "";
                var source = $"panel \"{title}\" target {target.GetProperty("refId").GetString()} (vendor={vendor}, model={model})";
                expressions.Add(new MonitoringExpression(source, Substitute(expression, vendor, model)));
            }
        }

        return expressions;
    }

    /// <summary>
    /// Returns the query variables as PromQL: Grafana's label_values(metric, label) becomes
    /// group by (label) (metric), which returns one series per value Grafana would offer.
    /// </summary>
    public static IReadOnlyList<MonitoringExpression> LoadVariableQueries(string vendor, string model)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ObservabilityFiles.Dashboard));
        var expressions = new List<MonitoringExpression>();
        foreach (var variable in document.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() != "query")
            {
                continue;
            }

            var name = variable.GetProperty("name").GetString();
            var definition = variable.GetProperty("definition").GetString() ?? "";
            var match = LabelValuesPattern().Match(definition);
            Assert.True(match.Success, $"Variable {name}: expected label_values(metric, label), found {definition}");
            var query = $"group by ({match.Groups["label"].Value}) ({match.Groups["metric"].Value})";
            expressions.Add(new MonitoringExpression($"variable {name}", Substitute(query, vendor, model)));
        }

        return expressions;
    }

    /// <summary>Enumerates every panel, including the panels nested in rows.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    private static string Substitute(string expression, string vendor, string model)
    {
        var substituted = expression
            .Replace("$__rate_interval", TestRange, StringComparison.Ordinal)
            .Replace("$__range", TestRange, StringComparison.Ordinal)
            .Replace("${vendor}", vendor, StringComparison.Ordinal)
            .Replace("$vendor", vendor, StringComparison.Ordinal)
            .Replace("${model}", model, StringComparison.Ordinal)
            .Replace("$model", model, StringComparison.Ordinal);
        Assert.False(substituted.Contains('$', StringComparison.Ordinal), $"Unknown variable left in {substituted}");
        return substituted;
    }

    [GeneratedRegex(@"^label_values\((?<metric>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValuesPattern();
}
